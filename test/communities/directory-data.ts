// A deterministic directory of groups for the discovery tests and scripts/bench-directory.ts:
// Chinese and English names, eight topics over five cities, one in ten private, sizes and
// activity spread out. Inserted through the admin database (fast; the functions only read it).
import type { LocalCloud } from '../../localcloud/src/cloud';
import { searchTextOf } from '../../domain/server/groups/search-text';

const TOPICS = [
  { en: 'Hiking', zh: '徒步', category: 'outdoors', tags: ['hiking', '徒步'] },
  { en: 'Photography', zh: '摄影', category: 'arts', tags: ['photo', '摄影'] },
  { en: 'Board Games', zh: '桌游', category: 'games', tags: ['boardgames', '桌游'] },
  { en: 'Reading Club', zh: '读书会', category: 'books', tags: ['books', '阅读'] },
  { en: 'Python Devs', zh: '编程', category: 'tech', tags: ['python', '编程'] },
  { en: 'Jazz Lovers', zh: '爵士乐', category: 'music', tags: ['jazz', '音乐'] },
  { en: 'Badminton', zh: '羽毛球', category: 'sports', tags: ['badminton', '运动'] },
  { en: 'Home Cooking', zh: '家常菜', category: 'food', tags: ['cooking', '美食'] },
];
const CITIES = [
  ['Beijing', '北京'],
  ['Shanghai', '上海'],
  ['Shenzhen', '深圳'],
  ['Chengdu', '成都'],
  ['Hangzhou', '杭州'],
];

export interface DirectoryGroup {
  _id: string;
  name: string;
  category: string;
  tags: string[];
  visibility: 'public' | 'private';
  memberCount: number;
  updatedAt: Date;
}

export const NOW = Date.UTC(2026, 0, 15, 12);

export function directoryGroups(count: number): DirectoryGroup[] {
  const groups: DirectoryGroup[] = [];
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const [cityEn, cityZh] = CITIES[Math.floor(i / TOPICS.length) % CITIES.length];
    groups.push({
      _id: `dir${String(i).padStart(5, '0')}`,
      name: `${topic.en} ${cityEn} ${topic.zh}${cityZh} #${i}`,
      category: topic.category,
      tags: [...topic.tags, cityEn.toLowerCase()],
      visibility: i % 10 === 7 ? 'private' : 'public',
      memberCount: ((i * 37) % 500) + 1,
      updatedAt: new Date(NOW - ((i * 7919) % count) * 60_000),
    });
  }
  // Names that need escaping, and a private group with a name nobody else has.
  groups.push({ _id: 'dir-cpp', name: 'C++ 学习 (beginners)', category: 'tech', tags: ['c++'], visibility: 'public', memberCount: 3, updatedAt: new Date(NOW) });
  groups.push({ _id: 'dir-secret', name: 'Secret Society 秘密社团', category: 'other', tags: ['secret'], visibility: 'private', memberCount: 9, updatedAt: new Date(NOW) });
  return groups;
}

export async function insertDirectory(cloud: LocalCloud, groups: DirectoryGroup[], ownerId = 'dir-owner'): Promise<void> {
  const docs = groups.map((g) => ({
    ...g,
    type: 'group',
    description: `${g.name}: a group about ${g.tags.join(', ')}`,
    avatarUrl: '',
    searchText: searchTextOf(g),
    joinPolicy: 'open',
    ownerId,
    settings: { membersMayInvite: true, historyForNewMembers: true, fileSharing: true, slowModeSeconds: 0, muteAll: false },
    announcement: '',
    seq: 0,
    lastMessage: null,
    createdAt: g.updatedAt,
  }));
  for (let i = 0; i < docs.length; i += 500) await cloud.db.insert('conversations', docs.slice(i, i + 500));
}
