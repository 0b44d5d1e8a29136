// The server's moderation reasons (domain/server/moderation.ts, limits.ts, release.ts: English, for
// logs and the console) in the words the app's people read. Reasons an admin wrote into the word
// list are shown as written.
const KNOWN: Array<[RegExp, string]> = [
  [/^WeChat's content check found/i, '未通过微信内容安全检测'],
  [/^contains a word this community does not allow/i, '含有本社区不允许的词语'],
  [/^removed by a moderator/i, '已被管理员移除'],
  [/^the sender is banned/i, '你已被禁止在本应用发言'],
  [/^sent too fast/i, '发送过快'],
  [/^the same message sent too many times/i, '重复发送次数过多'],
  [/^too many links/i, '短时间内发送的链接过多'],
  [/^the media file is missing/i, '文件已丢失'],
  [/^under review: checking the media/i, '正在检测图片或语音'],
  [/^under review/i, '等待管理员审核'],
];

export function reasonText(reason: string | undefined): string {
  if (!reason) return '内容不符合社区规范';
  for (const [pattern, text] of KNOWN) if (pattern.test(reason)) return text;
  return reason;
}
