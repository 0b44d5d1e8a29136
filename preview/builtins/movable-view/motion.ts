// The arithmetic of <movable-view>, kept apart from the DOM so it reads (and tests) on its own.
// WeChat documents the knobs (damping, friction, out-of-bounds) but not its spring equations; the
// numbers here are approximations chosen to feel alike, and say so where they are made up.

export interface Range {
  min: number;
  max: number;
}

/**
 * Where a view may move along one axis, as WeChat documents it: a view smaller than its area
 * stays inside it; a view larger than the area must keep covering it.
 */
export function rangeFor(areaSize: number, viewSize: number): Range {
  const slack = areaSize - viewSize;
  return slack >= 0 ? { min: 0, max: slack } : { min: slack, max: 0 };
}

export function clamp(value: number, range: Range): number {
  return Math.min(range.max, Math.max(range.min, value));
}

/** Past the edge with out-of-bounds on, a drag moves the view half as far (a rubber band). */
export function rubberBand(value: number, range: Range): number {
  if (value < range.min) return range.min - (range.min - value) / 2;
  if (value > range.max) return range.max + (value - range.max) / 2;
  return value;
}

/**
 * How long an animated move (a new x/y, a spring back from out of bounds) takes. WeChat: "the
 * larger damping, the faster". 8000 / damping gives 400 ms at the default 20 (made up, clamped).
 */
export function springMs(damping: number): number {
  return Math.min(1000, Math.max(100, 8000 / Math.max(1, damping)));
}

/**
 * Inertia after a release at `velocity` px/ms: constant deceleration proportional to friction
 * (WeChat: "the larger friction, the sooner it stops"; 0.0005 px/ms² per unit is made up).
 */
export function glide(velocity: number, friction: number): { distance: number; ms: number } {
  const decel = 0.0005 * Math.max(0.01, friction);
  const speed = Math.abs(velocity);
  return { distance: (Math.sign(velocity) * speed * speed) / (2 * decel), ms: speed / decel };
}

/** x/y may be numbers (px) or strings with px or rpx, as WeChat accepts. */
export function toPx(value: number | string, windowWidth: number): number {
  if (typeof value === 'number') return value;
  const n = parseFloat(value);
  if (!Number.isFinite(n)) return 0;
  return value.trim().endsWith('rpx') ? (n * windowWidth) / 750 : n;
}

/** Ease-out cubic: fast first, settling at the end. */
export function easeOut(t: number): number {
  return 1 - Math.pow(1 - t, 3);
}
