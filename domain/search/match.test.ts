// The search box's matching (domain/search/match.ts) over names and the pinyin keys the server
// writes for them (domain/server/pinyin-keys.ts).
import { MatchRank, matchName, searchByName } from './match';
import { nameSearchText, pinyinKeys } from '../server/pinyin-keys';
import { searchTextOf } from '../server/groups/search-text';

test('pinyin keys spell Han characters by context and keep Latin words', () => {
  expect(pinyinKeys('北京行业交流群')).toBe('beijinghangyejiaoliuqun bjhyjlq');
  expect(pinyinKeys('Hiking Club 徒步俱乐部')).toBe('hikingclubtubujulebu hctbjlb');
  expect(pinyinKeys('重庆')).toBe('chongqing cq');
  expect(pinyinKeys('ＡＢＣ')).toBe('abc a');
  expect(pinyinKeys('  ')).toBe('');
});

test("'bj' and 'beijing' find 北京 by its keys; a name's own characters match first", () => {
  const text = nameSearchText('北京行业交流群');
  expect(matchName('bj', '北京行业交流群', text)).toBe(MatchRank.Keys);
  expect(matchName('bei jing', '北京行业交流群', text)).toBe(MatchRank.Keys);
  expect(matchName('北京', '北京行业交流群', text)).toBe(MatchRank.NamePrefix);
  expect(matchName('交流', '北京行业交流群', text)).toBe(MatchRank.NameContains);
  expect(matchName('sh', '北京行业交流群', text)).toBeNull();
  // a document written before the keys: by name only
  expect(matchName('bj', '北京行业交流群')).toBeNull();
  expect(matchName('', '北京', text)).toBeNull();
});

test('a query never spans two fields of a group’s search text', () => {
  const text = searchTextOf({ name: '北京', category: '徒步', tags: ['摄影'] });
  expect(text).toBe('北京 | 徒步 | 摄影 | beijing bj');
  expect(matchName('bj', '北京', text)).toBe(MatchRank.Keys);
  expect(matchName('jingtu', '北京', text)).toBeNull();
});

test('results come best rank first, in the given order within a rank', () => {
  const people = ['王北北', '北京', 'Bob 北'].map((name) => ({ name, searchText: nameSearchText(name) }));
  expect(searchByName(people, '北', (p) => p).map((p) => p.name)).toEqual(['北京', '王北北', 'Bob 北']);
  // initials: wbb and bb
  expect(searchByName(people, 'bb', (p) => p).map((p) => p.name)).toEqual(['王北北', 'Bob 北']);
});
