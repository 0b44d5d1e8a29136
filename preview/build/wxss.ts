// WXSS -> browser CSS for the preview, done at build time with postcss:
// - `@import` is inlined (WeChat resolves it the same way: relative to the importing file);
// - rpx becomes vw (the phone frame is a 375px-wide iframe, so 750rpx = 100vw, as on a device);
// - vh becomes cqh (a page's 100vh is the window below the navigation bar, see host/rpx.ts);
// - class selectors get the `<scope>--` prefix glass-easel writes on isolated components' classes;
// - `page` means the page root element; `:host` the component host (see hostSelector).
import fs from 'fs';
import path from 'path';
import postcss, { type Root } from 'postcss';
import selectorParser from 'postcss-selector-parser';
import { rpxToVw, vhToPageHeight } from '../host/rpx';

export interface WxssScope {
  /** glass-easel style scope name; classes become `${scopeName}--class`. Empty: not isolated. */
  scopeName: string;
  /** Selector that every rule is nested under (a page's root), or empty. */
  within: string;
  /** What `page` (the tag selector) stands for in this file. */
  pageSelector: string;
  /**
   * Built-in components: their styles are WeChat's defaults, which any class of the app or of a
   * component library overrides (tdesign's t-button restyles <button> entirely), so every
   * selector gets zero specificity through :where().
   */
  defaults?: boolean;
}

function inlineImports(file: string, seen: Set<string>): string {
  if (seen.has(file)) return '';
  seen.add(file);
  const src = fs.readFileSync(file, 'utf8');
  return src.replace(/@import\s+(?:url\()?\s*["']([^"']+)["']\s*\)?\s*;/g, (_m, rel: string) => {
    const target = rel.startsWith('/') ? rel : path.resolve(path.dirname(file), rel);
    const withExt = fs.existsSync(target) ? target : `${target}.wxss`;
    if (!fs.existsSync(withExt)) throw new Error(`${file}: @import ${rel} not found`);
    return inlineImports(withExt, seen);
  });
}

function scopeSelectors(root: Root, scope: WxssScope): void {
  const transform = selectorParser((selectors) => {
    selectors.each((selector) => {
      selector.walk((node) => {
        if (node.type === 'class' && scope.scopeName) node.value = `${scope.scopeName}--${node.value}`;
        if (node.type === 'pseudo' && node.value === ':host' && scope.scopeName) {
          // glass-easel marks hosts of isolated components with wx-host="<scope>"
          node.replaceWith(selectorParser.attribute({ attribute: 'wx-host', operator: '=', value: scope.scopeName, quoteMark: '"', raws: {} } as never));
        }
        if (node.type === 'tag' && node.value === 'page') {
          node.replaceWith(selectorParser.string({ value: scope.pageSelector }));
        }
      });
      if (scope.within) {
        const first = selector.first;
        const text = String(first).trim();
        // A rule on the page itself (`page {}` became the `within` selector) is not nested.
        if (!text.startsWith(scope.within)) {
          selector.prepend(selectorParser.combinator({ value: ' ' }));
          selector.prepend(selectorParser.string({ value: scope.within }));
        }
      }
    });
  });
  root.walkRules((rule) => {
    if (rule.parent && rule.parent.type === 'atrule' && /keyframes$/i.test((rule.parent as postcss.AtRule).name)) return;
    rule.selector = transform.processSync(rule.selector);
    if (scope.defaults) rule.selectors = rule.selectors.map(withoutSpecificity);
  });
}

/** `.a .b::placeholder` -> `:where(.a .b)::placeholder` (pseudo-elements cannot sit inside :where). */
function withoutSpecificity(selector: string): string {
  const at = selector.indexOf('::');
  const [base, pseudoElement] = at < 0 ? [selector, ''] : [selector.slice(0, at), selector.slice(at)];
  return base.trim() ? `:where(${base.trim()})${pseudoElement}` : selector;
}

export function compileWxss(file: string, scope: WxssScope): string {
  const source = inlineImports(file, new Set());
  const root = postcss.parse(source, { from: file });
  scopeSelectors(root, scope);
  root.walkDecls((decl) => {
    if (decl.value.includes('rpx')) decl.value = rpxToVw(decl.value);
    if (decl.value.includes('vh')) decl.value = vhToPageHeight(decl.value);
  });
  return root.toString();
}
