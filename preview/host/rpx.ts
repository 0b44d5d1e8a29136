// 750rpx = the phone's width; the phone is an iframe, so vw is exactly the screen width.
const RPX = /(-?\d*\.?\d+)rpx\b/g;

export function rpxToVw(text: string): string {
  return text.replace(RPX, (_m, n: string) => `${+(Number(n) / 7.5).toFixed(4)}vw`);
}

// In WeChat a page is its own web view between the navigation bar and the tab bar, so 100vh is the
// window height (wx.getWindowInfo().windowHeight), not the screen. Here every page is a size
// container (.wx-page in phone.html), so vh becomes cqh: the same fraction of the page's own height.
const VH = /(-?\d*\.?\d+)vh\b/g;

export function vhToPageHeight(text: string): string {
  return text.replace(VH, (_m, n: string) => `${n}cqh`);
}
