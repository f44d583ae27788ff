/**
 * Options and output shared by the commands that can write images (`diagram -o x.svg`, `render`):
 * --scale, --width, --background, parsed with commander; the renderer loads only when used.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.ts';
import type { Io } from '../io/io.ts';
import type { ImageFormat, ImageOptions } from '../io/render-mermaid.ts';

export interface ImageFlags {
  scale?: number;
  width?: number;
  background?: string;
}

function positive(kind: 'number' | 'integer', min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (kind === 'integer' && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`expected a${kind === 'integer' ? ' whole' : ''} number from ${min} to ${max}`);
    }
    return n;
  };
}

export function parseCount(min: number, max: number): (value: string) => number {
  return positive('integer', min, max);
}

export function addImageOptions(command: Command): Command {
  return command
    .addOption(new Option('--scale <factor>', 'PNG pixel density (device scale factor; default 2)').argParser(positive('number', 0.25, 8)))
    .addOption(
      new Option('--width <px>', 'most CSS pixels wide the image is; a wider diagram is scaled down (default: its own width)').argParser(
        positive('integer', 100, 10_000),
      ),
    )
    .addOption(
      new Option('--background <colour>', 'background: a CSS colour or "transparent" (default white)').argParser((value) => {
        if (!/^(transparent|#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\([0-9., %]+\))$/.test(value)) {
          throw new InvalidArgumentError('expected a CSS colour such as white, #f0f0f0 or transparent');
        }
        return value;
      }),
    );
}

/** --scale, --width and --background shape an image: refuse them where none is written, and --scale without a PNG. */
export function checkImageFlags(flags: ImageFlags, images: readonly ImageFormat[]): void {
  const [given] = (['scale', 'width', 'background'] as const).filter((key) => flags[key] !== undefined);
  if (given !== undefined && images.length === 0) {
    throw new UsageError(`--${given} applies only when an image is written (-o FILE.svg, FILE.png or FILE.pdf)`);
  }
  if (flags.scale !== undefined && !images.includes('png')) {
    throw new UsageError(`--scale sets the pixel density of PNG images; it does not apply to ${images.join(', ')}`);
  }
}

export function imageOptionsOf(flags: ImageFlags): ImageOptions {
  return {
    ...(flags.scale !== undefined ? { scale: flags.scale } : {}),
    ...(flags.width !== undefined ? { width: flags.width } : {}),
    ...(flags.background !== undefined ? { background: flags.background } : {}),
  };
}

/** Render one Mermaid source to an image file, written atomically only once rendering succeeded. */
export async function writeImage(io: Io, source: string, path: string, format: ImageFormat, options: ImageOptions): Promise<void> {
  const [{ withMermaidRenderer }, { writeFileAtomic }] = await Promise.all([
    import('../io/render-mermaid.ts'),
    import('../io/atomic-write.ts'),
  ]);
  const bytes = await withMermaidRenderer(io.env, (renderer) => renderer.render(source, format, options));
  writeFileAtomic(path, bytes);
}
