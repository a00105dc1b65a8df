/** 16px line icons drawn with currentColor: no icon font, nothing fetched, same in every OS. */
const svg = (path: string) => (
  <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
    <path d={path} />
  </svg>
);

export const NewFileIcon = () => svg('M9 1.5H4a1 1 0 0 0-1 1v11a1 1 0 0 0 1 1h4M9 1.5l3.5 3.5V8M9 1.5V5h3.5M12 10.5v4M10 12.5h4');
export const NewFolderIcon = () => svg('M1.5 4a1 1 0 0 1 1-1h3.5l1.5 1.5h6a1 1 0 0 1 1 1V8M7.5 13.5h-5a1 1 0 0 1-1-1V4M12 10.5v4M10 12.5h4');
export const RenameIcon = () => svg('M10.5 2.5l3 3-8 8H2.5v-3l8-8zM9 4l3 3');
export const DeleteIcon = () => svg('M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5a1 1 0 0 0 1 .9h4.6a1 1 0 0 0 1-.9L12 4M6.5 6.5v5M9.5 6.5v5');
export const RefreshIcon = () => svg('M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2v3h-3');
