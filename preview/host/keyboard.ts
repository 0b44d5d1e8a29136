// The keyboard in the preview (a phone has none; a desktop browser does): Tab moves through the
// controls, Enter or Space presses the focused one.
// - Focusable: what a browser already focuses (input, textarea), plus the built-ins a person taps
//   (button, navigator, switch, picker), any view the template marks aria-role="button" (WeChat's
//   accessibility attribute, which glass-easel writes to the DOM as is) and the tab bar's items.
// - Pressing sends WeChat's tap to the glass-easel element, so the page's bindtap runs; the tab bar
//   items are plain DOM and get a click.
// Enter in a single-line input is the input's own (bindconfirm: the keyboard's send key).
import * as adapter from 'glass-easel-miniprogram-adapter';
import type * as GlassEasel from 'glass-easel';

const { glassEasel } = adapter;

const CONTROLS = '[aria-role="button"], wx-button, wx-navigator, wx-switch, wx-picker, .wx-tab';

type WxNode = Element & { __wxElement?: GlassEasel.Element };

function makeFocusable(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(CONTROLS)) {
    if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
    if (!el.hasAttribute('role')) el.setAttribute('role', el.classList.contains('wx-tab') ? 'tab' : 'button');
  }
}

function press(el: WxNode): void {
  if (el.classList.contains('wx-tab')) return (el as HTMLElement).click();
  const element = el.__wxElement;
  if (!element) return;
  const box = el.getBoundingClientRect();
  glassEasel.Event.triggerEvent(element, 'tap', { x: box.left + box.width / 2, y: box.top + box.height / 2 }, { bubbles: true, composed: true });
}

export function enableKeyboard(root: HTMLElement): void {
  makeFocusable(root);
  new MutationObserver(() => makeFocusable(root)).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-role'] });
  root.addEventListener('keydown', (e) => {
    if ((e.key !== 'Enter' && e.key !== ' ') || e.isComposing) return;
    const el = e.target as WxNode;
    if (!(el instanceof HTMLElement) || !el.matches(CONTROLS)) return;
    e.preventDefault();
    press(el);
  });
}
