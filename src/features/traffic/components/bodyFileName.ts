/**
 * The name a downloaded body is saved under: what it is (method, host, path,
 * request or response) with an extension from its content type, e.g.
 * `GET-target.test-api_users-response.json`. The parts are attacker-chosen;
 * `saveBlob` makes the whole name safe (`safeFileName`).
 */
import { extensionForContentType, truncateUtf8 } from '../../../lib/fileName';

/** Extensions for a body saved still content-encoded. */
const CODING_EXTENSIONS = new Map([
  ['gzip', 'gz'],
  ['x-gzip', 'gz'],
  ['br', 'br'],
  ['zstd', 'zst'],
]);

/** UTF-8 bytes kept of each part, so the side and extension survive the 200-byte cap. */
const MAX_METHOD_BYTES = 16;
const MAX_HOST_BYTES = 64;
const MAX_PATH_BYTES = 80;

export interface BodyFileNaming {
  method: string;
  host: string;
  /** the request target as captured (query and fragment are dropped) */
  path: string;
  side: 'request' | 'response';
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `/api/users/42?x=1` → `api_users_42` (each segment percent-decoded, separators never kept). */
function pathPart(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  const segments = bare
    .split('/')
    .map(decodeSegment)
    .map((s) => s.replace(/[/\\]/g, '_'))
    .filter((s) => s !== '' && s !== '.' && s !== '..');
  return truncateUtf8(segments.join('_'), MAX_PATH_BYTES);
}

/**
 * `codings` are the content codings still applied to the saved bytes (the
 * "raw" view): one known coding adds its extension (`.json.gz`), more than
 * one, or an unknown one, saves as `.bin`.
 */
export function bodyFileName(
  naming: BodyFileNaming,
  contentType: string | undefined,
  codings: readonly string[] = [],
): string {
  let extension = extensionForContentType(contentType);
  if (codings.length > 0) {
    const coding =
      codings.length === 1 ? CODING_EXTENSIONS.get(codings[0]!.toLowerCase()) : undefined;
    extension = coding ? `${extension}.${coding}` : 'bin';
  }
  const parts = [
    truncateUtf8(naming.method.toUpperCase(), MAX_METHOD_BYTES),
    truncateUtf8(naming.host, MAX_HOST_BYTES),
    pathPart(naming.path),
    naming.side,
  ];
  return `${parts.filter((p) => p !== '').join('-')}.${extension}`;
}
