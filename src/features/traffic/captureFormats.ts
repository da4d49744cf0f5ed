/** The capture files the viewer opens, said once for the file picker and for its errors. */
export const CAPTURE_FILE_TYPES = '.mitm,.flows,.har,.json,application/json';

export const ACCEPTED_CAPTURES =
  'a mitmproxy dump (.mitm or .flows, as saved by mitmproxy or mitmdump -w), a HAR file (.har, as saved from a browser’s network panel) or ctfy traffic JSON (.json, as the platform’s API returns a capture)';
