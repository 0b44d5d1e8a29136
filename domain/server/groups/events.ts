// The readable line of each system message, in the app's language (Chinese, like the whole UI).
// Clients may render `system.event` their own way; this line is what the chat, the conversation
// list preview and notifications show.
import type { SystemEventKind } from '../../messages';
import type { SystemEvent } from '../deliver';

const SETTING_WORDS: Record<string, (v: unknown) => string> = {
  membersMayInvite: (v) => (v ? '成员可邀请' : '成员不可邀请'),
  historyForNewMembers: (v) => (v ? '新成员可看历史消息' : '新成员不可看历史消息'),
  fileSharing: (v) => (v ? '允许发送文件' : '禁止发送文件'),
  slowModeSeconds: (v) => (v ? `慢速模式 ${String(v)} 秒` : '关闭慢速模式'),
  visibility: (v) => (v === 'public' ? '设为公开群' : '设为私密群'),
  joinPolicy: (v) => (v === 'open' ? '任何人可加入' : v === 'approval' ? '加入需审核' : '仅限邀请加入'),
  retentionDays: (v) => (v ? `消息保留 ${String(v)} 天` : '消息永久保留'),
};

const FIELD_WORDS: Record<string, string> = { name: '群名称', description: '群介绍', avatarUrl: '群头像', category: '分类', tags: '标签' };

export function describeSettings(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([k, v]) => SETTING_WORDS[k]?.(v) ?? k)
    .join('，');
}

export function systemEvent(event: SystemEventKind, names: Map<string, string>, actorId: string, targetId?: string, details?: Record<string, unknown>): SystemEvent {
  const actor = names.get(actorId) ?? actorId;
  const target = targetId ? (names.get(targetId) ?? targetId) : '';
  const text: Record<SystemEventKind, string> = {
    created: `${actor} 创建了群聊`,
    joined: `${actor} 加入了群聊`,
    left: `${actor} 退出了群聊`,
    removed: `${actor} 将 ${target} 移出了群聊`,
    banned: `${actor} 将 ${target} 加入了黑名单`,
    promoted: `${actor} 将 ${target} 设为管理员`,
    demoted: `${actor} 取消了 ${target} 的管理员`,
    ownerTransferred: `${actor} 将群主转让给 ${target}`,
    edited: `${actor} 修改了${
      Object.keys(details ?? {})
        .map((k) => FIELD_WORDS[k] ?? k)
        .join('、') || '群资料'
    }`,
    settingsChanged: `${actor} 修改了群设置：${describeSettings(details ?? {})}`,
    announcement: details?.text ? `${actor} 发布了群公告` : `${actor} 撤下了群公告`,
    muteAll: details?.on ? `${actor} 开启了全员禁言` : `${actor} 关闭了全员禁言`,
    dissolved: `${actor} 解散了群聊`,
  };
  return { event, actorId, ...(targetId ? { targetId } : {}), text: text[event], ...(details ? { details } : {}) };
}
