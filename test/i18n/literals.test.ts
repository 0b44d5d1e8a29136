// No word a person reads lives outside the catalogue (domain/i18n). Scanned:
// - miniprogram/**/*.wxml: text nodes, user-facing attributes (placeholder, title, aria-label,
//   description, action-text, confirm-text...), and string literals a {{ }} expression shows;
// - miniprogram/**/*.ts: any Chinese string literal, and any words in what is passed to
//   wx.showToast / showModal / showActionSheet / showLoading / setNavigationBarTitle / setTabBarItem;
// - page .json: no navigationBarTitleText (titles are set at runtime in the reader's language);
//   app.json's tab texts, which WeChat requires, must be the catalogue's zh-CN tab words.
// What may stay is what is not words: punctuation, symbols and emoji (›, ✓, ×, ⌕, ＋, #, ☺, 🔕),
// numbers and format separators (' · ', '/', '%'). "Words" are any Chinese character or two
// Latin letters in a row.
import fs from 'fs';
import path from 'path';
import { transformSync } from 'esbuild';
import { zhCN } from '../../domain/i18n/zh-CN';

const ROOT = path.resolve(__dirname, '../..');
const MINI = path.join(ROOT, 'miniprogram');
const WORDS = /[\u4e00-\u9fff]|[A-Za-z]{2,}/;
const CHINESE = /[\u4e00-\u9fff]/;

/** Attributes whose value a person reads (or a screen reader says). */
const USER_FACING = ['placeholder', 'title', 'aria-label', 'description', 'action-text', 'confirm-text', 'cancel-text', 'text', 'accept-text', 'alt', 'label', 'header', 'content'];
const WX_CALLS = ['showToast', 'showModal', 'showActionSheet', 'showLoading', 'setNavigationBarTitle', 'setTabBarItem'];

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' || e.name === '__test__' ? [] : files(full, ext);
    return e.name.endsWith(ext) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The string literals a {{ }} expression would show: comparisons and t['key'] lookups are not shown. */
function shownLiterals(expression: string): string[] {
  const cleaned = expression
    .replace(/[!=]==?\s*(['"])(?:(?!\1).)*\1/g, '')
    .replace(/(['"])(?:(?!\1).)*\1\s*[!=]==?/g, '')
    .replace(/\[\s*(['"])(?:(?!\1).)*\1\s*\]/g, '');
  return [...cleaned.matchAll(/(['"])((?:(?!\1).)*)\1/g)].map((m) => m[2]!);
}

/** The words a piece of WXML shows outside the catalogue, as "what: text". */
export function wxmlFindings(src: string): string[] {
  const found: string[] = [];
  // expressions out of the way first ('>' in {{n > 1}} is not a tag's end), kept to check their literals
  const expressions: string[] = [];
  const masked = src.replace(/<!--[\s\S]*?-->/g, '').replace(/\{\{([\s\S]*?)\}\}/g, (_, e: string) => `\uE000${expressions.push(e) - 1}\uE000`);
  const check = (what: string, raw: string) => {
    const literal = raw.replace(/\uE000\d+\uE000/g, ' ');
    if (WORDS.test(literal)) found.push(`${what}: ${literal.trim()}`);
    for (const m of raw.matchAll(/\uE000(\d+)\uE000/g)) for (const s of shownLiterals(expressions[Number(m[1])]!)) if (WORDS.test(s)) found.push(`${what} expression: '${s}'`);
  };
  // text nodes: what lies between a tag's end and the next tag
  for (const m of masked.matchAll(/>([^<]+)</g)) if (m[1]!.trim()) check('text', m[1]!);
  for (const tag of masked.matchAll(/<[a-zA-Z][\w-]*\s([^>]*?)\/?>/g)) {
    for (const attr of tag[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)) if (USER_FACING.includes(attr[1]!)) check(attr[1]!, attr[2]!);
  }
  return found;
}

/** The string and template literal parts of compiled TypeScript (comments and types gone). */
function literals(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)) {
    const text = m[1] ?? m[2] ?? (m[3] ?? '').replace(/\$\{[^}]*\}/g, ' ');
    out.push(text);
  }
  return out;
}

/** The argument text of each wx.<call>( ... ) in the code, by balanced parentheses. */
function callArguments(code: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`\\bwx\\.${name}\\s*\\(`, 'g');
  for (let m = re.exec(code); m; m = re.exec(code)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < code.length && depth > 0; i++) depth += code[i] === '(' ? 1 : code[i] === ')' ? -1 : 0;
    out.push(code.slice(m.index + m[0].length, i - 1));
  }
  return out;
}

/** The option keys of wx's UI calls whose values a person reads. */
const TEXT_OPTIONS = /\b(?:title|content|confirmText|cancelText|placeholderText|alertText|text)\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)/g;

export function tsFindings(source: string): string[] {
  // whitespace minified: esbuild then drops every comment, JSDoc inside object literals too;
  // charset utf8, or it writes Chinese as \u escapes and nothing would be found
  const { code } = transformSync(source, { loader: 'ts', legalComments: 'none', minifyWhitespace: true, charset: 'utf8' });
  const found = literals(code)
    .filter((s) => CHINESE.test(s))
    .map((s) => `Chinese literal: '${s}'`);
  for (const name of WX_CALLS) {
    for (const args of callArguments(code, name)) {
      const shown = [...args.matchAll(TEXT_OPTIONS)].map((m) => m[1]!);
      // itemList: its array's literals, catalogue keys inside tr(...) aside
      for (const list of args.matchAll(/\bitemList\s*:\s*\[([^\]]*)\]/g)) shown.push(list[1]!.replace(/\btr\(\s*(["'`])[^"'`]*\1/g, ''));
      for (const s of shown.flatMap(literals)) if (WORDS.test(s)) found.push(`wx.${name}: '${s}'`);
    }
  }
  return found;
}

test('the scanners find what they are meant to find (so an empty result means something)', () => {
  expect(wxmlFindings('<view class="a">发送</view>')).toEqual(['text: 发送']);
  expect(wxmlFindings('<input placeholder="Search" />')).toEqual(['placeholder: Search']);
  expect(wxmlFindings(`<view>{{busy ? '请稍候' : t.x}}</view>`)).toEqual(["text expression: '请稍候'"]);
  expect(wxmlFindings(`<view class="{{a === 'failed' ? 'x--on' : ''}}" aria-label="{{t.chat_send}}">{{t[item.key]}} ✓ › 3/{{n}}</view>`)).toEqual([]);
  expect(tsFindings(`// 注释 is fine\nconst a = 1; void wx.showToast({ title: 'Saved', icon: 'none' });`)).toEqual(["wx.showToast: 'Saved'"]);
  expect(tsFindings(`const x = \`\${n} 人\`;`)).toEqual(["Chinese literal: '  人'"]);
  expect(tsFindings(`void wx.showToast({ title: tr('common_saved'), icon: 'success' });`)).toEqual([]);
  expect(tsFindings(`void wx.showActionSheet({ itemList: ['Copy', tr('chat_reply')] });`)).toEqual(["wx.showActionSheet: 'Copy'"]);
  expect(wxmlFindings(`<view class="{{n > 1 ? 'wide' : ''}}">{{n > 1 ? '多' : ''}}</view>`)).toEqual(["text expression: '多'"]);
});

test('no WXML shows a word outside the catalogue', () => {
  const found = files(MINI, '.wxml').flatMap((f) => wxmlFindings(fs.readFileSync(f, 'utf8')).map((x) => `${path.relative(ROOT, f)}: ${x}`));
  expect(found).toEqual([]);
});

test('no mini program TypeScript holds a Chinese literal or passes words to a wx UI call', () => {
  const found = files(MINI, '.ts').flatMap((f) => tsFindings(fs.readFileSync(f, 'utf8')).map((x) => `${path.relative(ROOT, f)}: ${x}`));
  expect(found).toEqual([]);
});

test('page titles come from the catalogue at runtime; the tab texts app.json must hold are the catalogue’s', () => {
  const jsons = files(MINI, '.json').filter((f) => !/tsconfig|sitemap/.test(f));
  const titled = jsons.filter((f) => {
    const json = JSON.parse(fs.readFileSync(f, 'utf8')) as { navigationBarTitleText?: string; window?: { navigationBarTitleText?: string } };
    return json.navigationBarTitleText !== undefined || json.window?.navigationBarTitleText !== undefined;
  });
  expect(titled.map((f) => path.relative(ROOT, f))).toEqual([]);
  const app = JSON.parse(fs.readFileSync(path.join(MINI, 'app.json'), 'utf8')) as { tabBar: { list: Array<{ text: string }> } };
  expect(app.tabBar.list.map((t) => t.text)).toEqual([zhCN.tab_conversations, zhCN.tab_discover, zhCN.tab_me]);
});

test('every icon-only control has an aria-label from the catalogue', () => {
  const missing: string[] = [];
  for (const f of files(MINI, '.wxml')) {
    const src = fs.readFileSync(f, 'utf8');
    // a tappable element whose whole content is a symbol (no words, no expression, no child tag)
    for (const m of src.matchAll(/<([a-z][\w-]*)\s([^>]*\bbind:?tap="[^"]*"[^>]*)>([^<{]*)<\/\1>/g)) {
      const content = m[3]!.trim();
      if (!content || WORDS.test(content)) continue;
      if (!/aria-label="\{\{t\.[A-Za-z0-9_]+\}\}"/.test(m[2]!)) missing.push(`${path.relative(ROOT, f)}: <${m[1]} ...>${content}</${m[1]}>`);
    }
  }
  expect(missing).toEqual([]);
});
