import { renderUnit, simulate } from '../../../../test/miniprogram/load';
import { setAppMessaging } from '../../../root';
import type { Messaging } from '../../../services/messaging';
import { CloudService } from '../../../services/cloud';
import type { CloudLike } from '../../../services/ports';

const uploadFile = jest.fn(async () => ({ fileID: 'cloud://env/avatars/alice/1.png' }));
Object.assign(wx, { navigateBack: jest.fn(() => Promise.resolve()) });

describe('profile-edit page', () => {
  afterEach(() => setAppMessaging(null));

  it('uploads a chosen avatar, then saves nickname, bio and the file id', async () => {
    const profile = { _id: 'alice', nickname: 'Alice', avatarUrl: '', bio: '' };
    const call = jest.fn(async (_name: string, data: object) => ({ ...profile, ...data }));
    // the real CloudService over a fake wx.cloud: the upload goes through services/cloud.ts
    const cloud = new CloudService({ uploadFile, callFunction: async () => ({}), database: () => ({}) } as unknown as CloudLike);
    cloud.call = call as unknown as CloudService['call'];
    setAppMessaging({ me: { openid: 'alice', profile }, cloud } as unknown as Messaging);
    const page = renderUnit('pages/profile-edit/profile-edit');
    await (page.instance as unknown as { onLoad(): Promise<void> }).onLoad();
    expect(page.data.nickname).toBe('Alice');
    page.querySelector('.form__avatar')!.dispatchEvent('chooseavatar', { detail: { avatarUrl: 'http://tmp/a.png' } });
    page.querySelector('.form__input')!.dispatchEvent('input', { detail: { value: '小艾' } });
    page.querySelector('.form__textarea')!.dispatchEvent('input', { detail: { value: '爱读书 ' } });
    await simulate.sleep(0);
    await (page.instance as unknown as { onSave(): Promise<void> }).onSave();
    expect(uploadFile).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'http://tmp/a.png', cloudPath: expect.stringMatching(/^avatars\/alice\/\d+\.png$/) }));
    expect(call).toHaveBeenCalledWith('profile', { nickname: '小艾', bio: '爱读书', avatarUrl: 'cloud://env/avatars/alice/1.png' });
    expect(profile.nickname).toBe('小艾');
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  it('refuses an empty nickname', async () => {
    const call = jest.fn();
    setAppMessaging({ me: { openid: 'alice', profile: { _id: 'alice', nickname: '', avatarUrl: '' } }, cloud: { call } } as unknown as Messaging);
    const page = renderUnit('pages/profile-edit/profile-edit');
    await (page.instance as unknown as { onSave(): Promise<void> }).onSave();
    expect(call).not.toHaveBeenCalled();
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '请填写昵称', icon: 'none' });
  });
});
