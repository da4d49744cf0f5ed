// The body helpers live in the shared room (the platform filters with them too).
export * from '@shared/capture/decode';
