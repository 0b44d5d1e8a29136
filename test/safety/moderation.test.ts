// Moderation on the deliver path through the real functions, the unmodified wx-server-sdk and the
// local cloud's open APIs: the community word list (and its edits), msgSecCheck review/risky from
// the local sec-word dictionary, mediaCheckAsync with the wxa_media_check event pushed to the
// mediaCheck function, sending limits (rate, slow mode, repeats, links) and global bans.
import { startTestCloud } from '../../localcloud/test/support/cloud';
import type { LocalCloud } from '../../localcloud/src/cloud';
import { FOREVER } from '../../domain/server/safety/bans';
import { WORD_LIST_TTL_MS } from '../../domain/server/safety/words';
import { callAs, createGroup, okAs, one, send, writeMessage } from './support';
import { User, userOf } from '../support/users';
import { waitFor } from '../support/wait';
import { newClientId } from '../../domain/ids';
import { conversationFilePath } from '../../domain/media';

let cloud: LocalCloud;
let owner: User;
let ann: User;
let ben: User;
let cat: User;
let dan: User;
let eve: User;
let fay: User;
let group: string;

beforeAll(async () => {
  cloud = await startTestCloud({ functions: { timers: false } });
  cloud.openapi.mediaCheckDelayMs = 50;
  [owner, ann, ben, cat, dan, eve, fay] = ['owner', 'ann', 'ben', 'cat', 'dan', 'eve', 'fay'].map((id) => userOf(cloud, id));
  for (const u of [owner, ann, ben, cat, dan, eve, fay]) await okAs(u, 'login', {});
  // The console's word list before the first delivery (the cache starts empty).
  await cloud.db.insert('moderation_words', [
    { _id: 'w1', word: 'Grumblecake', action: 'block', reason: 'no grumblecake talk here' },
    { _id: 'w2', word: 'maybe-spam', action: 'review' },
  ]);
  group = await createGroup(owner, 'Hiking Club', [ann, ben, cat, dan, eve, fay]);
});
afterAll(async () => {
  for (const u of [owner, ann, ben, cat, dan, eve, fay]) await u.close();
  await cloud.stop();
});

const audits = (targetId: string) => cloud.db.find('audit_logs', { targetId });

describe('text moderation', () => {
  it('publishes clean text', async () => {
    const { result } = await send(ann, group, 'meet at the trailhead at 7');
    expect(result).toMatchObject({ ok: true, data: { status: 'visible', seq: expect.any(Number) } });
  });

  it('blocks a word-list hit with the admin-given reason, and logs it', async () => {
    const { messageId, result } = await send(ann, group, 'who wants GRUMBLECAKE?');
    expect(result).toMatchObject({ ok: true, data: { status: 'blocked', reason: 'no grumblecake talk here' } });
    expect(await one(cloud, 'messages', messageId)).toMatchObject({ status: 'blocked', blockReason: 'no grumblecake talk here' });
    expect(await audits(messageId)).toEqual([expect.objectContaining({ action: 'message.blocked', actorId: 'system:deliver', conversationId: group })]);
  });

  it('holds a review word for a moderator: held, under review, queued as a report', async () => {
    const { messageId, result } = await send(ann, group, 'this is maybe-spam');
    expect(result).toMatchObject({ ok: true, data: { status: 'held', reason: 'under review by a moderator' } });
    expect(await one(cloud, 'reports', `held_${messageId}`)).toMatchObject({
      source: 'moderation',
      status: 'open',
      reason: 'held_for_review',
      target: { messageId, userId: 'ann', conversationId: group },
    });
  });

  it("holds what WeChat's msgSecCheck asks to review and blocks what it finds risky", async () => {
    const review = await send(ben, group, 'look: review-demo');
    expect(review.result).toMatchObject({ ok: true, data: { status: 'held', reason: 'under review by a moderator' } });
    cloud.openapi.putSecWord({ word: 'pyramid scheme', suggest: 'risky', label: 20008 });
    const risky = await send(ben, group, 'join my pyramid scheme');
    expect(risky.result).toMatchObject({ ok: true, data: { status: 'blocked', reason: "WeChat's content check found fraud" } });
    // The sender's message says why, for the bubble.
    expect(await one(cloud, 'messages', risky.messageId)).toMatchObject({ status: 'blocked', blockReason: "WeChat's content check found fraud" });
  });

  it('applies a word-list edit made in the console within the cache lifetime, without a redeploy', async () => {
    const before = await send(cat, group, 'snorkelberry pie anyone');
    expect(before.result).toMatchObject({ ok: true, data: { status: 'visible' } });
    await cloud.db.insert('moderation_words', [{ _id: 'w3', word: 'snorkelberry', action: 'block' }]);
    const edited = Date.now();
    let attempt = 0;
    // Each probe sends a message: a slow poll, so the rate limit never answers first.
    const last = await waitFor(
      async () => {
        const r = (await send(cat, group, `snorkelberry pie ${++attempt}`)).result;
        return r.ok && r.data.status === 'blocked' && r;
      },
      'the edited word list to block',
      WORD_LIST_TTL_MS + 10_000,
      1500,
    );
    expect(last).toMatchObject({ ok: true, data: { reason: 'contains a word this community does not allow' } });
    expect(Date.now() - edited).toBeLessThanOrEqual(60_000);
  });
});

describe('media moderation (mediaCheckAsync, verdict by message push)', () => {
  // The file is named for its message (domain/media.ts); a tag in the id reaches the local
  // mediaCheckAsync's URL, whose default verdict looks for `risky-demo`.
  async function sendImage(user: User, openid: string, tag: string): Promise<{ messageId: string; data: { status: string; reason?: string } }> {
    const _id = `${tag}-${newClientId()}`;
    const file = await cloud.storage.put(conversationFilePath(group, openid, _id, 'png'), Buffer.from('not really a png'), openid, 'image/png');
    const messageId = await writeMessage(user, group, { _id, type: 'image', content: { fileId: file.fileID, width: 10, height: 10, size: 16 } });
    const res = await okAs<{ status: string; reason?: string }>(user, 'deliver', { messageId });
    return { messageId, data: res };
  }

  it('holds an image until the check passes, then publishes it with the next seq', async () => {
    const { messageId, data } = await sendImage(dan, 'dan', 'sunset');
    expect(data).toEqual({ messageId, status: 'held', reason: 'under review: checking the media', code: 'REVIEW_MEDIA' });
    const published = await waitFor(
      async () => {
        const m = await one(cloud, 'messages', messageId);
        return m?.status === 'visible' && m;
      },
      'the image to be published',
      15_000,
    );
    const [conv] = await cloud.db.find('conversations', { _id: group });
    expect(published!.seq).toBe(conv.seq);
    expect(await one(cloud, 'moderation_checks', messageId)).toMatchObject({ kind: 'media', suggest: 'pass', released: true, releasedBy: 'system:mediaCheck' });
    // The deliver call the client repeats after the push changes nothing.
    expect(await okAs(dan, 'deliver', { messageId })).toMatchObject({ status: 'visible', seq: published!.seq });
  });

  it('blocks an image the check finds risky, telling the sender why', async () => {
    const { messageId, data } = await sendImage(dan, 'dan', 'risky-demo');
    expect(data.status).toBe('held');
    const blocked = await waitFor(
      async () => {
        const m = await one(cloud, 'messages', messageId);
        return m?.status === 'blocked' && m;
      },
      'the image to be blocked',
      15_000,
    );
    expect(blocked).toMatchObject({ blockReason: "WeChat's media check found sexual content" });
    expect(blocked!.seq).toBeUndefined();
    // The notice and the audit entry are written after the block, by the same push: wait for them.
    const [notice] = await waitFor(
      async () => {
        const found = await cloud.db.find('notifications', { userId: 'dan', messageId });
        return found.length > 0 && found;
      },
      "the sender's notice",
      15_000,
    );
    expect(notice).toMatchObject({ kind: 'message_blocked', title: '消息未发送', body: '未通过微信内容安全检测', code: 'CONTENT_CHECK' });
    const actions = await waitFor(
      async () => {
        const a = (await audits(messageId)).map((x) => x.action).sort();
        return a.length >= 2 && a;
      },
      'two audit entries',
      15_000,
    );
    expect(actions).toEqual(['message.blocked', 'message.held']);
  });

  it('refuses a mini program caller forging a verdict (function invoke rules)', async () => {
    const forged = await dan.callFunction({ name: 'mediaCheck', data: { Event: 'wxa_media_check', trace_id: 'x', result: { suggest: 'pass' } } }).catch((err: Error) => err);
    expect(String((forged as Error).message ?? forged)).toMatch(/not allowed|denied/i);
  });
});

describe('sending limits', () => {
  it('rate-limits a burst with the wait for the input bar, and counts a repeated delivery once', async () => {
    const sent = [];
    for (let i = 0; i < 8; i++) sent.push(await send(owner, group, `burst ${i}`));
    expect(sent.every((s) => s.result.ok && s.result.data.status === 'visible')).toBe(true);
    // Delivering one of them again is not a new send.
    expect(await okAs(owner, 'deliver', { messageId: sent[0].messageId })).toMatchObject({ status: 'visible' });
    const ninth = await send(owner, group, 'burst 8');
    expect(ninth.result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { limit: 'rate' } } });
    const wait = (ninth.result as unknown as { error: { details: { retryAfterMs: number } } }).error.details.retryAfterMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10_000);
    // Still pending, so the client's retry after the wait delivers it.
    expect(await one(cloud, 'messages', ninth.messageId)).toMatchObject({ status: 'pending' });
  });

  it('enforces slow mode for members, not for the owner', async () => {
    await cloud.db.update('conversations', { _id: group }, { $set: { 'settings.slowModeSeconds': 30 } });
    // eve has not posted yet; a member who posted in the last 30 s would wait at once.
    const first = await send(eve, group, 'slow one');
    expect(first.result).toMatchObject({ ok: true, data: { status: 'visible' } });
    const second = await send(eve, group, 'slow two');
    expect(second.result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { limit: 'slow_mode' } } });
    const wait = (second.result as unknown as { error: { details: { retryAfterMs: number } } }).error.details.retryAfterMs;
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    // The owner's burst above filled the rate window; clear it to look at slow mode alone.
    await cloud.db.update('rate_windows', { _id: 'owner' }, { $set: { recent: [] } });
    for (const text of ['owner a', 'owner b']) expect((await send(owner, group, text)).result).toMatchObject({ ok: true, data: { status: 'visible' } });
    await cloud.db.update('conversations', { _id: group }, { $set: { 'settings.slowModeSeconds': 0 } });
  });

  it('blocks the same text sent again and again, and link floods', async () => {
    for (let i = 0; i < 3; i++) expect((await send(fay, group, 'Free  tickets')).result).toMatchObject({ ok: true, data: { status: 'visible' } });
    expect((await send(fay, group, 'free tickets')).result).toMatchObject({ ok: true, data: { status: 'blocked', reason: 'the same message sent too many times' } });
    const links = 'see http://a.example.com http://b.example.com http://c.example.com';
    expect((await send(ann, group, links)).result).toMatchObject({ ok: true, data: { status: 'visible' } });
    expect((await send(ann, group, `${links} again`)).result).toMatchObject({ ok: true, data: { status: 'blocked', reason: 'too many links in a short time' } });
  });
});

describe('global bans', () => {
  it('blocks whatever a globally banned user sends and refuses their sign-in and every change they would make', async () => {
    await cloud.db.insert('global_bans', [{ _id: 'dan', until: FOREVER, reason: 'spam', createdAt: new Date() }]);
    expect((await send(dan, group, 'hello again')).result).toMatchObject({ ok: true, data: { status: 'blocked', reason: 'the sender is banned from the app' } });
    expect(await callAs(dan, 'login', {})).toMatchObject({ ok: false, error: { code: 'BANNED' } });
    // Nor can they create or join groups, open chats or change what others see of them; reading the directory still works.
    const before = await cloud.db.count('conversations', {});
    expect(await callAs(dan, 'groups', { action: 'create', name: 'Spam HQ', visibility: 'public' })).toMatchObject({ ok: false, error: { code: 'BANNED' } });
    expect(await callAs(dan, 'groups', { action: 'join', conversationId: group })).toMatchObject({ ok: false, error: { code: 'BANNED' } });
    expect(await callAs(dan, 'conversations', { action: 'openDirect', peerId: 'ann' })).toMatchObject({ ok: false, error: { code: 'BANNED' } });
    expect(await callAs(dan, 'profile', { nickname: 'Free money' })).toMatchObject({ ok: false, error: { code: 'BANNED' } });
    expect(await callAs(dan, 'groups', { action: 'directory' })).toMatchObject({ ok: true });
    expect(await cloud.db.count('conversations', {})).toBe(before);
    await cloud.db.remove('global_bans', { _id: 'dan' });
    expect(await callAs(dan, 'login', {})).toMatchObject({ ok: true });
  });
});
