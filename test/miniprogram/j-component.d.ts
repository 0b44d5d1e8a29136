// j-component's runtime Component has addEventListener (src/render/component.js) but its typings
// omit it; tests listen for a component's triggerEvent through it.
import 'j-component';

declare module 'j-component' {
  // Declaration merging needs the upstream type parameters, used or not.
  /* eslint-disable @typescript-eslint/no-unused-vars */
  interface Component<
    TData extends WechatMiniprogram.Component.DataOption,
    TProperty extends WechatMiniprogram.Component.PropertyOption,
    TMethod extends Partial<WechatMiniprogram.Component.MethodOption>,
  > {
    /* eslint-enable @typescript-eslint/no-unused-vars */
    addEventListener(eventName: string, handler: (event: { detail: unknown }) => void, capture?: boolean): void;
    removeEventListener(eventName: string, handler: (event: { detail: unknown }) => void, capture?: boolean): void;
  }
}
