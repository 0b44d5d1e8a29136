// What the app says about itself. The version has one source, package.json's `version`: esbuild
// inlines the one field (a named import of a JSON file is tree-shaken), so the phone does not
// carry the rest of package.json. wx.getAccountInfoSync().miniProgram.version is not used: WeChat
// fills it only in a released build (empty in develop and trial), so it could not say what a
// tester runs.
import { version } from '../../package.json';

export const APP_VERSION: string = version;
