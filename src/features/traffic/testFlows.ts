// Test flows live in the shared room (the filter's tests there use them too).
export * from '@shared/capture/testFlows';
