import { describe, expect, test } from 'vitest';
import { renderDescription } from './render-description.js';

describe('renderDescription', () => {
  test('renders Markdown: headings, lists, emphasis', () => {
    const html = renderDescription('## 使用说明\n\n- 第一步\n- **第二步**');
    expect(html).toContain('<h2>使用说明</h2>');
    expect(html).toContain('<li><strong>第二步</strong></li>');
  });

  test('raw HTML and <script> come out as text, never as tags', () => {
    const html = renderDescription(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('javascript:, data: and relative links do not become links', () => {
    for (const md of [
      '[点我](javascript:alert(1))',
      '[点我](JaVaScRiPt:alert(1))',
      '[点我](data:text/html;base64,PHNjcmlwdD4=)',
      '[点我](vbscript:msgbox)',
      '[点我](/relative/path)',
      '![图](javascript:alert(1))',
    ]) {
      const html = renderDescription(md);
      expect({ md, html }).toEqual({ md, html: expect.not.stringMatching(/href=|src=/) });
    }
  });

  test('http, https and mailto links open in a new tab with rel="nofollow noopener"', () => {
    const html = renderDescription(
      '[官网](https://example.com/a) 和 [旧站](http://example.com) 以及 [邮件](mailto:hi@example.com)',
    );
    expect(html).toContain(
      '<a href="https://example.com/a" rel="nofollow noopener" target="_blank">官网</a>',
    );
    expect(html).toContain('href="http://example.com" rel="nofollow noopener" target="_blank"');
    expect(html).toContain('href="mailto:hi@example.com"');
  });

  test('bare URLs are linkified with the same attributes', () => {
    const html = renderDescription('访问 https://example.com/help 获取帮助');
    expect(html).toContain(
      '<a href="https://example.com/help" rel="nofollow noopener" target="_blank">https://example.com/help</a>',
    );
  });

  test('an attribute cannot be smuggled in through a link title or URL', () => {
    const html = renderDescription('[x](https://example.com/" onmouseover="alert(1) "title")');
    expect(html).not.toMatch(/onmouseover="/);
  });
});
