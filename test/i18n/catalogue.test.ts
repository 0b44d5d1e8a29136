// The message catalogue (domain/i18n): both languages have every key, each string has the same
// parameters in both, nothing is empty, and every {{t.key}} a WXML file reads exists. (A key
// missing from en.ts also fails typecheck: en is typed Record<MessageKey, string>.)
import fs from 'fs';
import path from 'path';
import { zhCN } from '../../domain/i18n/zh-CN';
import { en } from '../../domain/i18n/en';
import { catalogue, fill, format, isMessageKey, languageOf, paramsOf, type MessageKey } from '../../domain/i18n/index';
import { systemLine } from '../../domain/i18n/system';

const ROOT = path.resolve(__dirname, '../..');
const keys = Object.keys(zhCN) as MessageKey[];

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' || e.name === '__test__' ? [] : files(full, ext);
    return e.name.endsWith(ext) ? [full] : [];
  });
}

test('both languages have exactly the same keys', () => {
  expect(Object.keys(en).sort()).toEqual([...keys].sort());
});

test('every string has the same parameters in both languages, and none is empty', () => {
  const mismatched = keys.filter((k) => paramsOf(zhCN[k]).join() !== paramsOf(en[k]).join());
  expect(mismatched).toEqual([]);
  expect(keys.filter((k) => !zhCN[k].trim() || !en[k].trim())).toEqual([]);
});

test('the English table holds no Chinese, except the name of the Chinese language itself', () => {
  const chinese = keys.filter((k) => /[\u4e00-\u9fff]/.test(en[k]) && k !== 'language_zh');
  expect(chinese).toEqual([]);
});

test('every {{t.key}} and t[...] literal a WXML file reads is in the catalogue', () => {
  const unknown: string[] = [];
  for (const file of files(path.join(ROOT, 'miniprogram'), '.wxml')) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\bt\.([A-Za-z0-9_]+)/g)) if (!isMessageKey(m[1]!)) unknown.push(`${path.relative(ROOT, file)}: t.${m[1]}`);
  }
  expect(unknown).toEqual([]);
});

test('format fills parameters; a missing one stays visible; languages follow WeChat or the choice', () => {
  expect(format('zh-CN', 'chat_readCount', { n: 3 })).toBe('3人已读');
  expect(format('en', 'chat_readCount', { n: 3 })).toBe('Read by 3');
  expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  expect(catalogue('en').tab_me).toBe('Me');
  expect(languageOf('system', 'zh_CN')).toBe('zh-CN');
  expect(languageOf('system', 'zh_TW')).toBe('zh-CN');
  expect(languageOf('system', 'en')).toBe('en');
  expect(languageOf(undefined, 'fr')).toBe('en');
  expect(languageOf('en', 'zh_CN')).toBe('en');
  expect(languageOf('zh-CN', 'en')).toBe('zh-CN');
});

test('a system line is rendered from its event code, with names as they are at render time', () => {
  const names: Record<string, string> = { a: 'Alice', b: 'Bob' };
  const nameOf = (id: string) => names[id] ?? '';
  expect(systemLine('zh-CN', { event: 'promoted', actorId: 'a', targetId: 'b' }, nameOf)).toBe('Alice 将 Bob 设为管理员');
  expect(systemLine('en', { event: 'promoted', actorId: 'a', targetId: 'b' }, nameOf)).toBe('Alice made Bob an admin');
  names.b = 'Bobby';
  expect(systemLine('en', { event: 'promoted', actorId: 'a', targetId: 'b' }, nameOf)).toBe('Alice made Bobby an admin');
  expect(systemLine('en', { event: 'settingsChanged', actorId: 'a', details: { slowModeSeconds: 30, fileSharing: false } }, nameOf)).toBe(
    'Alice changed the group settings: slow mode 30 s; files not allowed',
  );
  expect(systemLine('zh-CN', { event: 'edited', actorId: 'a', details: { name: true, tags: true } }, nameOf)).toBe('Alice 修改了群名称、标签');
  expect(systemLine('en', { event: 'muteAll', actorId: 'a', details: { on: true } }, nameOf)).toBe('Alice muted everyone');
  // an event this build does not know: the caller shows the stored line
  expect(systemLine('en', { event: 'later' as never, actorId: 'a' }, nameOf)).toBeUndefined();
});
