// Content-decoding lives in the shared room (the platform filters with it too).
export * from '@shared/capture/contentDecode';
