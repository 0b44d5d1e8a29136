// The wx APIs the chat page calls, stubbed for its unit tests; storage is a Map the test can read.
export function stubChatWx(): Map<string, unknown> {
  const storage = new Map<string, unknown>();
  Object.assign(wx, {
    setNavigationBarTitle: jest.fn(() => Promise.resolve()),
    setClipboardData: jest.fn(() => Promise.resolve()),
    showActionSheet: jest.fn(),
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => storage.set(k, v),
    getWindowInfo: () => ({ windowHeight: 600 }),
  });
  return storage;
}
