// <movable-view>: a box dragged inside its <movable-area> (the host's parent node), as WeChat
// documents it: direction (all | vertical | horizontal | none), x / y (px or rpx; a change
// animates there, or jumps with animation false), out-of-bounds (rubber band, then a spring
// back), inertia with friction, damping for animated moves, disabled. bindchange gets
// {x, y, source}: 'touch' while dragged, 'touch-out-of-bounds' past the edge, 'out-of-bounds' on
// the spring back, 'friction' while gliding, '' after a move set through x / y.
//
// Drags come from pointer events, so the mouse and touch both work. For the mouse the view also
// sends touchstart / touchmove / touchend, as WeChat DevTools' simulator does, so a page's
// bindtouchend (snap a swipe row open or shut) runs on a desktop too; real touches already reach
// glass-easel as touch events. Scale (pinch) is not implemented.
import * as adapter from 'glass-easel-miniprogram-adapter';
import type * as GlassEasel from 'glass-easel';
import { hostElement } from '../dom';
import { clamp, easeOut, glide, rangeFor, rubberBand, springMs, toPx, type Range } from './motion';

const { glassEasel } = adapter;

/** glass-easel's DOM backend turns a press into a tap unless it moves more than 10px. */
const TAP_SLOP_PX = 10;

type Source = 'touch' | 'touch-out-of-bounds' | 'out-of-bounds' | 'friction' | '';

interface Drag {
  pointerId: number;
  mouse: boolean;
  /** Past the tap slop: the pointer is captured from then on. Not before, or a tap on a button
   * inside the view would land on the view (capture retargets the release, and so the tap). */
  moved: boolean;
  startX: number;
  startY: number;
  fromX: number;
  fromY: number;
  /** Recent positions for the release velocity. */
  trail: { t: number; x: number; y: number }[];
}

interface State {
  x: number;
  y: number;
  drag: Drag | null;
  frame: number;
}

const states = new WeakMap<object, State>();
const stateOf = (caller: object): State => {
  let s = states.get(caller);
  if (!s) states.set(caller, (s = { x: 0, y: 0, drag: null, frame: 0 }));
  return s;
};

interface Data {
  direction: string;
  x: number | string;
  y: number | string;
  inertia: boolean;
  outOfBounds: boolean;
  damping: number;
  friction: number;
  disabled: boolean;
  animation: boolean;
}

Component({
  properties: {
    direction: { type: String, value: 'none' },
    inertia: { type: Boolean, value: false },
    outOfBounds: { type: Boolean, value: false },
    x: { type: Number, optionalTypes: [String], value: 0 },
    y: { type: Number, optionalTypes: [String], value: 0 },
    damping: { type: Number, value: 20 },
    friction: { type: Number, value: 2 },
    disabled: { type: Boolean, value: false },
    scale: { type: Boolean, value: false },
    scaleMin: { type: Number, value: 0.5 },
    scaleMax: { type: Number, value: 10 },
    scaleValue: { type: Number, value: 1 },
    animation: { type: Boolean, value: true },
  },
  observers: {
    direction(direction: string) {
      hostElement(this)?.setAttribute('data-direction', direction);
    },
    'x, y'() {
      if (!hostElement(this)?.isConnected) return;
      const d = this.data as unknown as Data;
      const ranges = this.ranges();
      const to = { x: clamp(toPx(d.x, window.innerWidth), ranges.x), y: clamp(toPx(d.y, window.innerWidth), ranges.y) };
      if (d.animation) this.animate(to, springMs(d.damping), '');
      else this.place(to.x, to.y, '');
    },
  },
  lifetimes: {
    attached() {
      const host = hostElement(this)!;
      const d = this.data as unknown as Data;
      host.setAttribute('data-direction', d.direction);
      // the first position is taken without animation, as in WeChat
      requestAnimationFrame(() => {
        const ranges = this.ranges();
        this.place(clamp(toPx(d.x, window.innerWidth), ranges.x), clamp(toPx(d.y, window.innerWidth), ranges.y), null);
      });
      host.addEventListener('pointerdown', (e) => this.onDown(e));
      host.addEventListener('pointermove', (e) => this.onMove(e));
      host.addEventListener('pointerup', (e) => this.onUp(e));
      host.addEventListener('pointercancel', (e) => this.onUp(e));
    },
    detached() {
      cancelAnimationFrame(stateOf(this).frame);
    },
  },
  methods: {
    ranges(): { x: Range; y: Range } {
      const host = hostElement(this)!;
      const area = host.parentElement!;
      return { x: rangeFor(area.clientWidth, host.offsetWidth), y: rangeFor(area.clientHeight, host.offsetHeight) };
    },

    /** Moves the view; `source` null moves silently (the first placement). */
    place(x: number, y: number, source: Source | null) {
      const s = stateOf(this);
      s.x = x;
      s.y = y;
      hostElement(this)!.style.transform = `translate(${x}px, ${y}px)`;
      if (source !== null) this.triggerEvent('change', { x, y, source });
    },

    animate(to: { x: number; y: number }, ms: number, source: Source, reportEachFrame = false) {
      const s = stateOf(this);
      cancelAnimationFrame(s.frame);
      const from = { x: s.x, y: s.y };
      const start = performance.now();
      const step = (now: number) => {
        const t = Math.min(1, (now - start) / ms);
        const k = easeOut(t);
        const x = from.x + (to.x - from.x) * k;
        const y = from.y + (to.y - from.y) * k;
        if (t < 1) {
          this.place(x, y, reportEachFrame ? source : null);
          s.frame = requestAnimationFrame(step);
        } else this.place(to.x, to.y, source);
      };
      s.frame = requestAnimationFrame(step);
    },

    touch(type: 'touchstart' | 'touchmove' | 'touchend', e: PointerEvent) {
      const touch = { identifier: e.pointerId, pageX: e.pageX, pageY: e.pageY, clientX: e.clientX, clientY: e.clientY };
      const touches = type === 'touchend' ? [] : [touch];
      const element = (this as unknown as { _$: GlassEasel.Element })._$;
      glassEasel.Event.triggerEvent(element, type, { touches, changedTouches: [touch] }, { bubbles: true, composed: true });
    },

    onDown(e: PointerEvent) {
      const d = this.data as unknown as Data;
      if (d.disabled || d.direction === 'none' || (e.pointerType === 'mouse' && e.button !== 0)) return;
      const s = stateOf(this);
      cancelAnimationFrame(s.frame);
      s.drag = { pointerId: e.pointerId, mouse: e.pointerType === 'mouse', moved: false, startX: e.clientX, startY: e.clientY, fromX: s.x, fromY: s.y, trail: [{ t: e.timeStamp, x: s.x, y: s.y }] };
      if (s.drag.mouse) this.touch('touchstart', e);
    },

    onMove(e: PointerEvent) {
      const s = stateOf(this);
      const drag = s.drag;
      if (!drag || drag.pointerId !== e.pointerId) return;
      if (!drag.moved) {
        if (Math.abs(e.clientX - drag.startX) <= TAP_SLOP_PX && Math.abs(e.clientY - drag.startY) <= TAP_SLOP_PX) return;
        drag.moved = true;
        hostElement(this)!.setPointerCapture(e.pointerId);
      }
      const d = this.data as unknown as Data;
      const ranges = this.ranges();
      const free = (axis: 'x' | 'y') => d.direction === 'all' || d.direction === (axis === 'x' ? 'horizontal' : 'vertical');
      const wantX = free('x') ? drag.fromX + e.clientX - drag.startX : s.x;
      const wantY = free('y') ? drag.fromY + e.clientY - drag.startY : s.y;
      const bound = d.outOfBounds ? rubberBand : clamp;
      const x = bound(wantX, ranges.x);
      const y = bound(wantY, ranges.y);
      const outside = x !== clamp(x, ranges.x) || y !== clamp(y, ranges.y);
      drag.trail.push({ t: e.timeStamp, x, y });
      while (drag.trail.length > 2 && e.timeStamp - drag.trail[0]!.t > 100) drag.trail.shift();
      if (drag.mouse) this.touch('touchmove', e);
      if (x !== s.x || y !== s.y) this.place(x, y, outside ? 'touch-out-of-bounds' : 'touch');
    },

    onUp(e: PointerEvent) {
      const s = stateOf(this);
      const drag = s.drag;
      if (!drag || drag.pointerId !== e.pointerId) return;
      s.drag = null;
      if (drag.mouse) this.touch('touchend', e);
      const d = this.data as unknown as Data;
      const ranges = this.ranges();
      const inside = { x: clamp(s.x, ranges.x), y: clamp(s.y, ranges.y) };
      if (inside.x !== s.x || inside.y !== s.y) {
        this.animate(inside, springMs(d.damping), 'out-of-bounds', true);
        return;
      }
      const first = drag.trail[0]!;
      const dt = e.timeStamp - first.t;
      if (!d.inertia || dt <= 0) return;
      const gx = glide((s.x - first.x) / dt, d.friction);
      const gy = glide((s.y - first.y) / dt, d.friction);
      const to = { x: clamp(s.x + gx.distance, ranges.x), y: clamp(s.y + gy.distance, ranges.y) };
      if (to.x !== s.x || to.y !== s.y) this.animate(to, Math.max(gx.ms, gy.ms, 100), 'friction', true);
    },
  },
});
