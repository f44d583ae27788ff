import { getSystemErrorMap } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeSystemError } from '../../src/errors.ts';

const ERRNO_NAME = /\b(E[A-Z0-9_]{2,}|ERR_[A-Z_]+|UNKNOWN|ABORT_ERR)\b/;

describe('describeSystemError', () => {
  it('gives plain words for every errno name libuv knows, never the name itself', () => {
    for (const [errno, [name]] of getSystemErrorMap()) {
      for (const error of [{ code: name }, { code: name, errno }]) {
        const words = describeSystemError(error);
        expect(words, name).toMatch(/^[a-z]/);
        expect(words, name).not.toMatch(ERRNO_NAME);
      }
    }
  });

  it('says what the common file errors mean', () => {
    expect(describeSystemError({ code: 'EEXIST' })).toBe('a file with that name already exists');
    expect(describeSystemError({ code: 'EBADF' })).toBe('the file was closed or cannot be used this way');
    expect(describeSystemError({ code: 'EIO' })).toBe('input/output error (the disk or device failed)');
    expect(describeSystemError({ code: 'ENOSPC' })).toBe('no space left on device');
  });

  it("describes Node's own codes, and an unknown code, in words too", () => {
    for (const code of ['ERR_FS_FILE_TOO_LARGE', 'ERR_STRING_TOO_LONG', 'ERR_INVALID_ARG_VALUE', 'ERR_STREAM_DESTROYED', 'ABORT_ERR']) {
      expect(describeSystemError({ code }), code).not.toMatch(ERRNO_NAME);
    }
    expect(describeSystemError({ code: 'EWHATEVER' })).toBe('an unexpected system error');
    expect(describeSystemError(Object.assign(new Error('boom'), { code: 'ENOTAREALCODE', errno: -99_999 }))).toBe(
      'an unexpected system error',
    );
    expect(describeSystemError(new Error('plain message'))).toBe('plain message');
  });
});
