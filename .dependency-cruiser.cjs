// Import boundaries, checked by `npm test` (npm run depcheck) with dependency-cruiser:
// 1. the repository's TypeScript sources, parsed with swc (TypeScript 7 has no JavaScript compiler
//    API; @swc/core is already a dev dependency). swc reports `import type` as a plain import, so
//    every rule here holds for type imports too (tsPreCompilationDeps).
// 2. the mini program as it ships (the compiled miniprogram/**/*.js of `npm run build`, where type
//    imports are gone and domain/ code is bundled in), parsed with acorn: `DEPCRUISE_SHIPPED=1`
//    switches this config to that run, whose rule is that nothing the phone loads reaches ajv.
const shipped = process.env.DEPCRUISE_SHIPPED === '1';

const sources = [
  {
    name: 'no-cycles',
    comment: 'No import cycles anywhere: every module has a direction (pages -> stores/services -> domain).',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'miniprogram-not-server',
    comment: 'The mini program never imports the server (domain/server), not even its types: answers live in domain/contracts.',
    severity: 'error',
    from: { path: '^miniprogram/' },
    to: { path: '^domain/server/' },
  },
  {
    name: 'miniprogram-not-localcloud',
    comment: 'The local cloud is a development server; the mini program reaches it only through wx.cloud.',
    severity: 'error',
    from: { path: '^miniprogram/' },
    to: { path: '^localcloud/' },
  },
  {
    name: 'miniprogram-not-ajv',
    comment: 'ajv generates code with new Function, which the mini program runtime forbids.',
    severity: 'error',
    from: { path: '^miniprogram/' },
    to: { path: '(^|/)node_modules/(ajv|ajv-formats)/' },
  },
  {
    name: 'stores-not-services',
    comment: 'Services feed the stores; stores never reach back into services or pages (that was a cycle).',
    severity: 'error',
    from: { path: '^miniprogram/stores/' },
    to: { path: '^miniprogram/(services|pages|components|packageGroup|packageSafety)/' },
  },
];

const shippedRules = [
  {
    name: 'shipped-miniprogram-not-ajv',
    comment: 'What the phone loads (compiled, domain/ bundled in) never requires ajv: contracts reach it as types only.',
    severity: 'error',
    from: { path: '^miniprogram/' },
    to: { path: '(^|/)node_modules/(ajv|ajv-formats)/', reachable: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: shipped ? shippedRules : sources,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: shipped ? '(^|/)miniprogram_npm/|__test__/' : '(^|/)(node_modules|miniprogram_npm|dist|coverage)/|\\.js$' },
    ...(shipped ? { includeOnly: '^miniprogram/|node_modules/(ajv|ajv-formats)/' } : {}),
    parser: shipped ? 'acorn' : 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: shipped ? ['.js', '.json'] : ['.ts', '.d.ts', '.js', '.json'] },
  },
};
