// Deployment settings of the mini program.

/**
 * The CloudBase env the app talks to. Empty: the env selected in WeChat DevTools (cloud console
 * "current environment"), which is what most projects want; set it to pin one env in a build.
 * The browser preview ignores it and talks to the local cloud.
 */
export const CLOUD_ENV_ID = '';
