import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const ALLOWED_SCHEME = /^(?:https?:|mailto:)/i;
const defaultValidateLink = md.validateLink.bind(md);
// markdown-it's own check already refuses javascript:, vbscript:, file: and most data:; on top of it
// only absolute http(s) and mailto targets pass, so no relative or scheme-less tricks either.
md.validateLink = (url) => defaultValidateLink(url) && ALLOWED_SCHEME.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  token.attrSet('rel', 'nofollow noopener');
  token.attrSet('target', '_blank');
  return self.renderToken(tokens, idx, options);
};

/**
 * A product description (Markdown, written by a supplier) as HTML safe to put in a shop page:
 * raw HTML is shown as text, links open in a new tab with rel="nofollow noopener", and only
 * http, https and mailto links (and images) survive.
 */
export function renderDescription(markdown: string): string {
  return md.render(markdown);
}
