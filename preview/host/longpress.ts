// Long press, which glass-easel's DOM backend does not produce: holding a finger (or the mouse
// button) still for 350 ms fires `longpress` and `longtap` on the element, as WeChat does, and the
// tap that the release would cause is swallowed (WeChat: a handled longpress is not also a tap).
import * as adapter from 'glass-easel-miniprogram-adapter';
import type * as GlassEasel from 'glass-easel';

// The adapter's own copy of glass-easel: the elements belong to it.
const { glassEasel } = adapter;

const HOLD_MS = 350;
const SLOP_PX = 10;

interface WxNode extends Node {
  __wxElement?: GlassEasel.Element;
}

function wxElementOf(target: EventTarget | null): GlassEasel.Element | undefined {
  let node = target as WxNode | null;
  while (node && !node.__wxElement) node = node.parentNode as WxNode | null;
  return node?.__wxElement;
}

export class LongPress {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private start = { x: 0, y: 0 };
  private swallowTap = false;

  constructor(body: HTMLElement) {
    const down = (x: number, y: number, target: EventTarget | null) => {
      this.cancel();
      this.swallowTap = false;
      this.start = { x, y };
      this.timer = setTimeout(() => this.fire(target, x, y), HOLD_MS);
    };
    const move = (x: number, y: number) => {
      if (Math.abs(x - this.start.x) > SLOP_PX || Math.abs(y - this.start.y) > SLOP_PX) this.cancel();
    };
    body.addEventListener('mousedown', (e) => down(e.clientX, e.clientY, e.target), { capture: true });
    body.addEventListener('mousemove', (e) => move(e.clientX, e.clientY), { capture: true });
    body.addEventListener('mouseup', () => this.cancel(), { capture: true });
    body.addEventListener('touchstart', (e) => down(e.touches[0].clientX, e.touches[0].clientY, e.target), { capture: true });
    body.addEventListener('touchmove', (e) => move(e.touches[0].clientX, e.touches[0].clientY), { capture: true });
    body.addEventListener('touchend', () => this.cancel(), { capture: true });
  }

  /** Asked by the event bridge for every tap: true once after a long press fired. */
  takeSwallowedTap(): boolean {
    const swallow = this.swallowTap;
    this.swallowTap = false;
    return swallow;
  }

  private fire(target: EventTarget | null, x: number, y: number): void {
    this.timer = undefined;
    const element = wxElementOf(target);
    if (!element) return;
    this.swallowTap = true;
    const detail = { x, y };
    glassEasel.Event.triggerEvent(element, 'longpress', detail, { bubbles: true, composed: true });
    glassEasel.Event.triggerEvent(element, 'longtap', detail, { bubbles: true, composed: true });
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
