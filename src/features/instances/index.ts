/**
 * The instances feature has one entry per page that renders it, so a page's
 * first visit loads only its own code (issue 18): this file for the actions
 * other pages compose (the team overview's Renew and Stop), `list.ts` for
 * the list page, `frame.ts` for the instance page around its tabs, and
 * `overviewTab.ts` for its Overview tab. Modules shared by several pages
 * (the dialogs, the countdown) are split out by the build.
 */
export { RenewDialog, StopDialog } from './components/lazyDialogs';
