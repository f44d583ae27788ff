/**
 * How legible a rendered Mermaid SVG is where documentation shows it: GitHub's content column is
 * 1012 px wide, and an SVG wider than that is scaled down to fit (one narrower is shown at its own
 * size). The text a reader sees is the diagram's font size (from the SVG's own style sheet) times
 * that scale; the goal (issue 13) is 10 px or more, with an aspect ratio from 1:2.5 to 2.5:1.
 * Measured from the SVG text alone: the root element's viewBox and the font size of its style.
 */
export const DOC_WIDTH = 1012;
export const MIN_TEXT_PX = 10;
export const MAX_ASPECT = 2.5;

export interface Legibility {
  width: number;
  height: number;
  /** width / height */
  aspect: number;
  /** The font size the diagram's style sheet gives its root element. */
  fontPx: number;
  /** The text height a reader sees at DOC_WIDTH. */
  shownPx: number;
  readable: boolean;
}

export function measureSvg(svg: string): Legibility {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) throw new Error('not an SVG: no root <svg> element');
  const viewBox = /\bviewBox="([^"]+)"/
    .exec(root)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (viewBox?.length !== 4 || viewBox.some((n) => !Number.isFinite(n))) throw new Error('the SVG has no usable viewBox');
  const [, , width = 0, height = 0] = viewBox;
  if (width <= 0 || height <= 0) throw new Error(`the SVG's viewBox is empty (${width} × ${height})`);
  // Mermaid writes one style sheet whose first rule is the diagram's root: #id{font-family:…;font-size:16px;…}
  const id = /\bid="([^"]+)"/.exec(root)?.[1];
  const rule = id ? new RegExp(`#${id.replace(/[^\w-]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(svg)?.[1] : undefined;
  const declared = rule ? /font-size:\s*([\d.]+)px/.exec(rule)?.[1] : undefined;
  if (declared === undefined) throw new Error("the SVG's style sheet gives its root element no font size");
  const fontPx = Number(declared);
  const shownPx = fontPx * Math.min(1, DOC_WIDTH / width);
  const aspect = width / height;
  return {
    width,
    height,
    aspect,
    fontPx,
    shownPx,
    readable: shownPx >= MIN_TEXT_PX && aspect >= 1 / MAX_ASPECT && aspect <= MAX_ASPECT,
  };
}

/** One line a person reads: "1500 × 900, aspect 1.67, 16 px shown at 10.8 px". */
export function describeLegibility(m: Legibility): string {
  return `${Math.round(m.width)} × ${Math.round(m.height)}, aspect ${m.aspect.toFixed(2)}, ${m.fontPx} px shown at ${m.shownPx.toFixed(1)} px`;
}
