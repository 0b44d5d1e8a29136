// Text contrast from the theme: every text colour the mini program's stylesheets set, against the
// background it is drawn on, keeps at least 4.5:1 (WCAG 2.x, 1.4.3, normal text). Colours come from
// the theme tokens (miniprogram/theme/theme.wxss) or literals; a translucent text colour is blended
// over its background first. Which background: the rule's own when it sets one; else the one
// declared below (backgrounds that come from elsewhere: inline styles, a sibling rule); else both
// surfaces a text can sit on, the container (white) and the page (grey). White text without a
// declared background fails: white on a surface would be invisible, so it must say where it goes.
import fs from 'fs';
import path from 'path';
import postcss from 'postcss';
import appJson from '../../miniprogram/app.json';
import { PALETTE } from '../../miniprogram/components/avatar/avatar-style';

const ROOT = path.resolve(__dirname, '../../miniprogram');
const MINIMUM = 4.5;

type Rgba = [number, number, number, number];

function tokens(): Record<string, string> {
  const out: Record<string, string> = {};
  postcss.parse(fs.readFileSync(path.join(ROOT, 'theme/theme.wxss'), 'utf8')).walkDecls(/^--/, (d) => {
    out[d.prop] = d.value;
  });
  return out;
}
const TOKENS = tokens();

/** A CSS colour value (hex, rgb[a], var() with or without fallback) as RGBA, or null for inherit & co. */
export function parseColor(value: string): Rgba | null {
  const v = value.trim();
  const ref = /^var\((--[\w-]+)\s*(?:,\s*(.+))?\)$/.exec(v);
  if (ref) return parseColor(TOKENS[ref[1]!] ?? ref[2] ?? '');
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(1) as Rgba;
  }
  const rgb = /^rgba?\(([^)]+)\)$/.exec(v);
  if (rgb) {
    const [r, g, b, a = '1'] = rgb[1]!.split(',').map((s) => s.trim());
    return [Number(r), Number(g), Number(b), Number(a)];
  }
  return null;
}

function blend(front: Rgba, back: Rgba): Rgba {
  const a = front[3];
  return [0, 1, 2].map((i) => front[i]! * a + back[i]! * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

const WHITE: Rgba = [255, 255, 255, 1];
/** WCAG contrast of a text colour over a background (translucent backgrounds over white first). */
export function contrast(text: Rgba, background: Rgba): number {
  const back = blend(background, WHITE);
  const [a, b] = [luminance(blend(text, back)), luminance(back)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

const SURFACES = ['var(--cc-bg-container)', 'var(--cc-bg-page)'];
/** Rules whose background is not in the rule itself: selector (as written) -> the backgrounds. */
const DECLARED: Record<string, string[]> = {
  // the buttons a swipe reveals; each has its own colour in a modifier rule
  '.swipe__action': ['var(--cc-action-pin)', 'var(--cc-action-mute)', 'var(--cc-action-delete)'],
  // the initial on the avatar's colour, set inline from the palette
  '.avatar': PALETTE,
  // the tick of a chosen option, drawn only once chosen (.check--on)
  '.check': ['var(--cc-brand)'],
};
/** Rules for inactive controls, which WCAG 1.4.3 exempts: selector -> why. */
const INACTIVE: Record<string, string> = {
  '.bar__send': 'the grey send button before there is text to send (.bar__send--ready is the live one)',
};

interface Pair {
  where: string;
  text: string;
  background: string;
  ratio: number;
}

function wxssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' || e.name === '__test__' ? [] : wxssFiles(p);
    return e.name.endsWith('.wxss') ? [p] : [];
  });
}

function pairsOfStylesheets(): { pairs: Pair[]; undeclared: string[] } {
  const pairs: Pair[] = [];
  const undeclared: string[] = [];
  for (const file of wxssFiles(ROOT)) {
    postcss.parse(fs.readFileSync(file, 'utf8')).walkRules((rule) => {
      // inactive controls are exempt (WCAG 1.4.3)
      if (/disabled/.test(rule.selector) || INACTIVE[rule.selector]) return;
      let color: string | undefined;
      let background: string | undefined;
      rule.walkDecls((d) => {
        if (d.prop === 'color') color = d.value;
        if ((d.prop === 'background' || d.prop === 'background-color') && parseColor(d.value)) background = d.value;
      });
      if (!color || !parseColor(color)) return;
      const where = `${path.relative(ROOT, file)} ${rule.selector}`;
      const text = parseColor(color)!;
      const backgrounds = background ? [background] : (DECLARED[rule.selector] ?? (luminance(text) > 0.9 ? null : SURFACES));
      if (!backgrounds) return void undeclared.push(where);
      for (const b of backgrounds) pairs.push({ where, text: color, background: b, ratio: contrast(text, parseColor(b)!) });
    });
  }
  return { pairs, undeclared };
}

const round = (p: Pair) => ({ ...p, ratio: Math.round(p.ratio * 100) / 100 });

describe('text contrast of the theme', () => {
  it('computes WCAG contrast: black on white is 21, grey #767676 on white is the 4.5 limit', () => {
    expect(contrast([0, 0, 0, 1], WHITE)).toBeCloseTo(21, 5);
    expect(contrast(parseColor('#767676')!, WHITE)).toBeCloseTo(4.54, 2);
    expect(contrast(parseColor('rgba(0, 0, 0, 0.4)')!, WHITE)).toBeLessThan(MINIMUM);
  });

  it('finds the text colours of the stylesheets, and every one has a background to be checked on', () => {
    const { pairs, undeclared } = pairsOfStylesheets();
    expect(undeclared).toEqual([]);
    expect(pairs.length).toBeGreaterThan(80);
    expect(pairs.some((p) => p.where.includes('conversation-cell.wxss .swipe__action'))).toBe(true);
  });

  it('keeps every text colour of every stylesheet at 4.5:1 or more on its background', () => {
    const failing = pairsOfStylesheets().pairs.filter((p) => p.ratio < MINIMUM);
    expect(failing.map(round)).toEqual([]);
  });

  it('keeps the tab bar words at 4.5:1 on the tab bar, selected or not', () => {
    const bar = parseColor(appJson.tabBar.backgroundColor)!;
    expect(contrast(parseColor(appJson.tabBar.color)!, bar)).toBeGreaterThanOrEqual(MINIMUM);
    expect(contrast(parseColor(appJson.tabBar.selectedColor)!, bar)).toBeGreaterThanOrEqual(MINIMUM);
  });
});
