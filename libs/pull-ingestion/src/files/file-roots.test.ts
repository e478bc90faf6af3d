import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRoots } from './file-roots';

describe('FileRoots', () => {
  const top = realpathSync(mkdtempSync(join(tmpdir(), 'ferry-roots-')));
  const root = join(top, 'root');
  const other = join(top, 'other');
  const roots = new FileRoots([root, join(top, 'second')]);
  beforeAll(() => {
    mkdirSync(join(root, 'in'), { recursive: true });
    mkdirSync(other);
    writeFileSync(join(other, 'secret.txt'), 'x');
    symlinkSync(other, join(root, 'to-other'));
    symlinkSync(join(root, 'in'), join(root, 'to-in'));
    symlinkSync(join(other, 'missing'), join(root, 'dangling'));
  });
  afterAll(() => rmSync(top, { recursive: true, force: true }));

  it.each([
    ['a relative path, under the first root', 'in/s', join(root, 'in/s')],
    ['an absolute path inside', join(root, 'in'), join(root, 'in')],
    ['a path that does not exist yet', join(root, 'new/deeper/file.ndjson'), join(root, 'new/deeper/file.ndjson')],
    ['a symlink that stays inside', join(root, 'to-in/x'), join(root, 'in/x')],
    ['the second root', join(top, 'second', 'x'), join(top, 'second', 'x')],
  ])('accepts %s', (_, path, real) => {
    expect(roots.locate(path)).toBe(real);
  });

  it.each([
    ['an absolute path elsewhere', '/etc'],
    ['.. out of the root', '../other'],
    ['.. in the middle', join(root, 'in/../../other/secret.txt')],
    ['a symlink out', join(root, 'to-other/secret.txt')],
    ['a dangling symlink (a write would create its target)', join(root, 'dangling')],
    ['a sibling that shares the prefix', `${root}-evil/x`],
    ['a NUL byte (no file has one; fs would throw)', join(root, 'in\u0000x')],
    ['a name past 255 bytes (none can exist; fs would throw ENAMETOOLONG)', join(root, 'x'.repeat(1100))],
  ])('refuses %s', (_, path) => {
    expect(roots.locate(path)).toBeUndefined();
  });

  it('refuses with 400 naming the setting and the roots setting, never a path', () => {
    expect(() => roots.resolve(join(root, 'to-other'), 'index.ingestion_source.param.base_directory')).toThrow(
      expect.objectContaining({ status: 400, message: "Setting [index.ingestion_source.param.base_directory] must name a path inside the directories allowed by Ferry's [ingestion.file.roots] setting" }),
    );
  });

  it('re-checks a file when it is opened (a symlink made after the settings were accepted)', async () => {
    symlinkSync(join(other, 'secret.txt'), join(root, 'in', '0.ndjson'));
    await expect(roots.checkOpen(join(root, 'in', '0.ndjson'), 'the file')).rejects.toThrow('the file leads outside the directories allowed by [ingestion.file.roots]');
    await expect(roots.checkOpen(join(root, 'in', '1.ndjson'), 'the file')).resolves.toBe(join(root, 'in', '1.ndjson'));
  });
});
