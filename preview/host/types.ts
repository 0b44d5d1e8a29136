// Shapes shared by the generated entry (preview/build) and the host.
/** The parts of app.json the build and the host read. */
export interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
  subPackages?: { root: string; pages: string[] }[];
  window?: Record<string, unknown>;
  tabBar?: { list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[] } & Record<string, unknown>;
  usingComponents?: Record<string, string>;
  [key: string]: unknown;
}

export interface UnitDef {
  path: string;
  isPage: boolean;
  json: Record<string, unknown>;
  /** Non-empty when the component's classes are prefixed `${scopeName}--` (isolated styles). */
  scopeName: string;
  hasStyle: boolean;
  load?: () => unknown;
}

export interface BootConfig {
  appJson: AppJson;
  /** tag -> component path, from app.json usingComponents. */
  globalUsingComponents: Record<string, string>;
  /** The TmplGroup's gen-object groups, keyed by template path. */
  templates: Record<string, unknown>;
  /** Compiled CSS keyed by component path ('app' for app.wxss). */
  styles: Record<string, string>;
  builtins: UnitDef[];
  units: UnitDef[];
  loadApp: () => unknown;
}

/** Who this phone is signed in as, read from the iframe's query string. */
export interface PhoneIdentity {
  openid: string;
  name: string;
  /** Base URL of the local cloud, or '' when none was given. */
  cloudUrl: string;
  appid: string;
}

export type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any -- callbacks of any shape
