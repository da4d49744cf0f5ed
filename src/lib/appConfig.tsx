import { createContext, useContext, type ReactNode } from 'react';
import type { RuntimeConfig } from '@shared/schemas';

const AppConfigContext = createContext<RuntimeConfig>({ apiBaseUrl: '/api', appName: 'ctfy' });

export function AppConfigProvider({
  value,
  children,
}: {
  value: RuntimeConfig;
  children: ReactNode;
}) {
  return <AppConfigContext.Provider value={value}>{children}</AppConfigContext.Provider>;
}

export function useAppConfig(): RuntimeConfig {
  return useContext(AppConfigContext);
}
