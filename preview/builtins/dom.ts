// Built-ins sometimes need their real DOM node (focus, scrolling, natural image size).
// A component's method caller keeps its glass-easel component in `_$`; `$$` is the backend node.
interface GlassNode {
  $$: unknown;
  shadowRoot?: { querySelector(selector: string): GlassNode | null };
}

export function hostElement(caller: unknown): HTMLElement | null {
  return ((caller as { _$: GlassNode })._$.$$ as HTMLElement | null) ?? null;
}

export function innerElement<T extends HTMLElement>(caller: unknown, selector: string): T | null {
  const node = (caller as { _$: GlassNode })._$.shadowRoot?.querySelector(selector);
  return (node?.$$ as T | undefined) ?? null;
}
