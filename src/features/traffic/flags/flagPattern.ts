// The flag pattern lives in the shared room (`~flag` is evaluated on the platform too).
export * from '@shared/capture/filter/flagPattern';
