/**
 * Capture formats: mitmproxy dumps (tnetstrings), HAR 1.2, and the byte
 * helpers they share. Pure functions, safe in a Web Worker and in Node.
 */
export {
  parseMitmFile,
  MITM_TESTED_VERSIONS,
  type MitmParseOptions,
  type MitmParseResult,
} from './mitm';
export { flowsToHar, harToFlows, HarFormatError, type HarCreator } from './har';
export { flowUrl } from './flowUrl';
export {
  encodeTnetstring,
  iterTnetstrings,
  readTnetstring,
  readTnetstrings,
  TnetstringError,
  type TnetDict,
  type TnetValue,
} from './tnetstring';
export { base64Decode, base64Encode, utf8Decode, utf8DecodeStrict } from './bytes';
export { bodyFromBytes, bodyToBytes, type BodyOptions } from './body';
export { CaptureFormatError, parseCaptureJson } from './captureJson';
