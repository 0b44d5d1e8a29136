// <page-meta>: a page's own settings node. The preview implements its font sizes, which is what
// lets text follow the user's WeChat font size: root-font-size (1rem) and page-font-size (the
// page's font-size) take a CSS length or "system", the user's setting (wx.getAppBaseInfo()
// fontSizeSetting; the preview's is 16px unless the phone's URL says ?fontSize=). The other
// attributes are accepted and have no effect here.
import { fontSizeSetting } from '../../host/wx/device';

const size = (value: string) => (value === 'system' ? `${fontSizeSetting()}px` : value);

Component({
  properties: {
    rootFontSize: { type: String, value: '' },
    pageFontSize: { type: String, value: '' },
    pageStyle: { type: String, value: '' },
    backgroundTextStyle: { type: String, value: '' },
    backgroundColor: { type: String, value: '' },
    scrollTop: { type: String, value: '' },
    pageOrientation: { type: String, value: '' },
  },
  observers: {
    rootFontSize(value: string) {
      // one document per phone: the root font size is the document's
      document.documentElement.style.fontSize = value ? size(value) : '';
    },
    pageFontSize(value: string) {
      const page = document.querySelector<HTMLElement>('.wx-page:not([hidden])');
      if (page) page.style.fontSize = value ? size(value) : '';
    },
  },
});
