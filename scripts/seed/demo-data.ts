// The demo community: who is in it, which groups exist, and what was said. Plain data, so the
// seed script stays a short loop and the story can change without touching code.

export interface DemoUser {
  openid: string;
  nickname: string;
  bio: string;
  interests: string[];
}

export interface DemoGroup {
  key: string;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  /** One of GROUP_CATEGORIES (domain/contracts/groups.ts). */
  category: 'outdoors' | 'arts' | 'books';
  tags: string[];
  owner: string;
  members: string[];
  /** [sender, text] in order; spread over the past days when seeded. */
  history: Array<[string, string]>;
}

export const DEMO_USERS: DemoUser[] = [
  { openid: 'demo-alice', nickname: 'Alice 林', bio: 'Weekend hiker, weekday coder.', interests: ['hiking', 'photography'] },
  { openid: 'demo-bob', nickname: 'Bob 王', bio: 'Board games and bad puns.', interests: ['games', 'hiking'] },
  { openid: 'demo-carol', nickname: 'Carol 陈', bio: 'Reading two books at once.', interests: ['books', 'photography'] },
  { openid: 'demo-dave', nickname: 'Dave 张', bio: 'Film cameras only.', interests: ['photography'] },
  { openid: 'demo-erin', nickname: 'Erin 赵', bio: 'New in town.', interests: ['hiking', 'books'] },
];

export const DEMO_GROUPS: DemoGroup[] = [
  {
    key: 'hiking',
    name: 'Hiking Club 徒步俱乐部',
    description: 'Weekend trails around the city. Beginners welcome.',
    visibility: 'public',
    category: 'outdoors',
    tags: ['hiking', '徒步', 'weekend'],
    owner: 'demo-alice',
    members: ['demo-bob', 'demo-erin', 'demo-carol'],
    history: [
      ['demo-alice', 'Welcome everyone! Saturday we walk the Xiangshan trail.'],
      ['demo-bob', 'Count me in. Meeting at the north gate?'],
      ['demo-alice', 'Yes, 8:30 at the north gate. Bring water and a snack.'],
      ['demo-erin', 'First hike with you all, how steep is it?'],
      ['demo-carol', 'Mostly gentle, one steep part near the top. You will be fine.'],
      ['demo-bob', '天气预报说周六晴天 ☀'],
      ['demo-alice', 'Perfect. See you there!'],
    ],
  },
  {
    key: 'photo',
    name: 'Photography 摄影',
    description: 'Share shots, swap tips, plan photo walks.',
    visibility: 'public',
    category: 'arts',
    tags: ['photography', '摄影', 'film'],
    owner: 'demo-dave',
    members: ['demo-alice', 'demo-carol'],
    history: [
      ['demo-dave', 'Anyone tried the new Portra stock?'],
      ['demo-carol', 'Not yet, still finishing my roll of HP5.'],
      ['demo-alice', 'Golden hour walk by the lake on Sunday?'],
      ['demo-dave', 'Great idea, 5pm?'],
    ],
  },
  {
    key: 'books',
    name: 'Book Club 读书会',
    description: 'One book a month, a meetup at the end of it.',
    visibility: 'public',
    category: 'books',
    tags: ['books', '读书'],
    owner: 'demo-carol',
    members: ['demo-erin'],
    history: [
      ['demo-carol', 'This month: 《活着》 by Yu Hua.'],
      ['demo-erin', 'Started it yesterday, hard to put down.'],
    ],
  },
  {
    key: 'organisers',
    name: 'Hiking organisers',
    description: 'Private: planning routes and safety.',
    visibility: 'private',
    category: 'outdoors',
    tags: ['hiking'],
    owner: 'demo-alice',
    members: ['demo-bob'],
    history: [
      ['demo-alice', 'Can you check the permit for the ridge route?'],
      ['demo-bob', 'On it, will report back tonight.'],
    ],
  },
];

/** Direct conversations: [a, b, history]. */
export const DEMO_DIRECTS: Array<[string, string, Array<[string, string]>]> = [
  [
    'demo-alice',
    'demo-bob',
    [
      ['demo-bob', 'Hey, do you have a spare headlamp?'],
      ['demo-alice', 'Yes, I will bring it on Saturday.'],
      ['demo-bob', 'Thanks!'],
    ],
  ],
];
