/**
 * What only a file the user opens needs (the mitmproxy and HAR readers, the
 * streamed dump and its records, the raw-record prefilter that scans them):
 * one chunk the worker loads when a file is first opened or scanned, so a
 * served capture's first visit does not download it.
 */
export { parseCaptureFile } from './localDocument';
export { isStreamableDump, LocalDumpFlows, streamDumpSummaries } from './fileStream';
export { RecordPrefilter } from '@shared/capture/filter/prefilter';
