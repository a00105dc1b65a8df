import { lazy } from 'react';

// Views that are not part of the first paint: each is its own chunk, fetched when first shown.
export const QuickPickView = lazy(() => import('../quickPick/QuickPickView.js'));
export const SearchView = lazy(() => import('../search/SearchView.js'));
export const OutlineView = lazy(() => import('../outline/OutlineView.js'));
export const ReferencesPanel = lazy(() => import('../references/ReferencesPanel.js'));
