// 750rpx = the phone's width; the phone is an iframe, so vw is exactly the screen width.
const RPX = /(-?\d*\.?\d+)rpx\b/g;

export function rpxToVw(text: string): string {
  return text.replace(RPX, (_m, n: string) => `${+(Number(n) / 7.5).toFixed(4)}vw`);
}
