// The glass-easel side of the host: one MiniProgramEnv per phone, a global code space holding the
// built-in components (input, image, scroll-view...) and the main code space holding the app.
import * as adapter from 'glass-easel-miniprogram-adapter';
import type * as GlassEasel from 'glass-easel';
import type { BootConfig, UnitDef } from './types';
import { rpxToVw } from './rpx';
import { LongPress } from './longpress';

const { glassEasel } = adapter;

export interface Spaces {
  env: adapter.MiniProgramEnv;
  backend: adapter.AssociatedBackend;
  main: adapter.CodeSpace;
}

/** Inline styles written in WXML (`style="width: {{w}}rpx"`) are converted when set. */
function convertInlineRpx(): void {
  const proto = glassEasel.Element.prototype as unknown as { setNodeStyle(s: string, i?: number): void };
  const original = proto.setNodeStyle;
  proto.setNodeStyle = function setNodeStyle(this: unknown, style: string, index?: number) {
    return original.call(this, style && style.includes('rpx') ? rpxToVw(style) : style, index);
  };
}

/** Every page root re-appends the style sheets it depends on; keep one <style> per sheet. */
function dedupeStyleSheets(backend: adapter.AssociatedBackend): void {
  const ctx = (backend as unknown as { _$: GlassEasel.GeneralBackendContext })._$;
  const appended = new Map<string, number>();
  const original = ctx.appendStyleSheetPath.bind(ctx);
  ctx.appendStyleSheetPath = (path: string, scope?: number) => {
    const key = `${path}|${scope ?? ''}`;
    const known = appended.get(key);
    if (known !== undefined) return known;
    const id = original(path, scope);
    appended.set(key, id);
    return id;
  };
}

function registerUnit(space: adapter.CodeSpace, unit: UnitDef, config: BootConfig): void {
  const groups = config.templates as Record<string, (name: string) => unknown>;
  if (groups[unit.path]) {
    space.addCompiledTemplate(unit.path, {
      groupList: groups as never,
      content: groups[unit.path] as never,
      // without it, bindtap on native tags such as <view> would never fire
      fallbackListenerOnNativeNode: true,
    });
  }
  space.addComponentStaticConfig(unit.path, unit.json as never);
  if (unit.hasStyle) space.addStyleSheet(unit.path, unit.path, unit.scopeName || undefined);
}

type Definition = Record<string, unknown> & { behaviors?: unknown[] };
type Define = (definition?: Definition) => unknown;

/**
 * WeChat's built-in behaviors (`behaviors: ['wx://form-field-button']`, used by tdesign's button)
 * are names, not objects; glass-easel knows none of them. Empty stand-ins: the preview has no
 * <form> to take part in, and `export` (wx://component-export) is handled by the adapter itself.
 */
const builtinBehaviors = new Map<string, unknown>();
function withBuiltinBehaviors(define: Define, Behavior: Define): Define {
  return (definition) => {
    if (!definition?.behaviors?.some((b) => typeof b === 'string')) return define(definition);
    const behaviors = definition.behaviors.flatMap((b) => {
      if (typeof b !== 'string') return [b];
      if (!b.startsWith('wx://')) throw new Error(`behavior "${b}" is a name the preview does not know`);
      if (!builtinBehaviors.has(b)) builtinBehaviors.set(b, Behavior({}));
      return [builtinBehaviors.get(b)];
    });
    return define({ ...definition, behaviors });
  };
}

function loadUnit(space: adapter.CodeSpace, unit: UnitDef): void {
  if (unit.load) {
    // what space.globalComponentEnv does, with built-in behavior names resolved
    space.componentEnv(unit.path, (env) => {
      const g = globalThis as unknown as Record<string, unknown>;
      const saved = { Page: g.Page, Component: g.Component, Behavior: g.Behavior };
      const Behavior = env.Behavior as unknown as Define;
      g.Page = withBuiltinBehaviors(env.Page as unknown as Define, Behavior);
      g.Component = withBuiltinBehaviors(env.Component as unknown as Define, Behavior);
      g.Behavior = Object.assign(withBuiltinBehaviors(Behavior, Behavior), { trait: (env.Behavior as unknown as { trait: unknown }).trait });
      try {
        unit.load!();
      } finally {
        Object.assign(g, saved);
      }
    });
  } else {
    space.componentEnv(unit.path, ({ Component }) => Component({}));
  }
}

/**
 * A page root only appends the style sheets of the components it names; a built-in used inside
 * an npm component (tdesign's chat-sender <textarea>) would render unstyled, with the browser's
 * borders. Built-ins are everywhere, so their sheets are appended once for the whole phone.
 */
function appendBuiltinStyles(backend: adapter.AssociatedBackend, globalSpace: adapter.CodeSpace, builtins: UnitDef[]): void {
  const ctx = (backend as unknown as { _$: GlassEasel.GeneralBackendContext })._$;
  for (const unit of builtins) {
    if (!unit.hasStyle) continue;
    const def = globalSpace.getComponentSpace().getComponentByUrl(`/${unit.path}`, '');
    ctx.appendStyleSheetPath(unit.path, def.getComponentOptions().styleScope ?? glassEasel.StyleScopeManager.globalScope());
  }
}

/**
 * glass-easel's warnings (a property given a value of the wrong type, an unknown property) name
 * neither the component nor the template; WeChat DevTools shows both. Say where it happened.
 */
function warnWithPlace(): void {
  glassEasel.addGlobalWarningListener((message, related, element) => {
    const at = element ?? related;
    const place = typeof at === 'string' ? at : at ? glassEasel.dumpSingleElementToString(at as GlassEasel.Element) : '';
    console.warn(place ? `${message} (in ${place})` : message);
    return false; // printed here instead
  });
}

export function createSpaces(config: BootConfig): Spaces {
  glassEasel.globalOptions.writeExtraInfoToAttr = true;
  warnWithPlace();
  convertInlineRpx();
  const env = new adapter.MiniProgramEnv();
  const backend = env.associateBackend();
  dedupeStyleSheets(backend);
  // the DOM backend only turns mouse/touch into tap and other events once someone listens
  const ctx = (backend as unknown as { _$: GlassEasel.CurrentWindowBackendContext })._$;
  const longPress = new LongPress(document.body);
  ctx.onEvent((target, type, detail, options) => {
    if (type === 'tap' && longPress.takeSwallowedTap()) return;
    glassEasel.Event.triggerEvent(target, type, detail, options);
  });
  for (const [path, css] of Object.entries(config.styles)) backend.registerStyleSheetContent(path, css);

  const globalSpace = env.getGlobalCodeSpace();
  for (const unit of config.builtins) registerUnit(globalSpace, unit, config);
  for (const unit of config.builtins) loadUnit(globalSpace, unit);
  appendBuiltinStyles(backend, globalSpace, config.builtins);

  const main = env.createCodeSpace('main', true);
  if (config.styles.app !== undefined) main.addStyleSheet('app', 'app');
  const mainSpace = main.getComponentSpace();
  for (const unit of config.builtins) {
    const tag = unit.path.split('/')[1]!;
    mainSpace.setGlobalUsingComponent(tag, globalSpace.getComponentSpace().getComponentByUrl(`/${unit.path}`, ''));
  }
  for (const unit of config.units) registerUnit(main, unit, config);
  return { env, backend, main };
}

/** Runs each page and component file inside its own component environment (Component/Page/Behavior). */
export function loadUnits(spaces: Spaces, config: BootConfig): void {
  for (const unit of config.units) {
    try {
      loadUnit(spaces.main, unit);
    } catch (e) {
      console.error(`[preview] failed to load ${unit.path}`, e);
    }
  }
  const mainSpace = spaces.main.getComponentSpace();
  for (const [tag, path] of Object.entries(config.globalUsingComponents)) {
    mainSpace.setGlobalUsingComponent(tag, mainSpace.getComponentByUrl(`/${path}`, ''));
  }
}
