import { type FileType, fileTypeLabel } from '@/lib/format';

const GLYPH: Record<FileType, { letter: string; color: string }> = {
  folder: { letter: '', color: '#d9a520' },
  notebook: { letter: 'N', color: '#7719aa' },
  word: { letter: 'W', color: '#185abd' },
  excel: { letter: 'X', color: '#107c41' },
  powerpoint: { letter: 'P', color: '#c43e1c' },
  pdf: { letter: 'PDF', color: '#b30b00' },
  image: { letter: 'IMG', color: '#0f7b8a' },
  video: { letter: '▶', color: '#5c2e91' },
  audio: { letter: '♪', color: '#8a5a00' },
  text: { letter: 'TXT', color: '#5b5b5b' },
  archive: { letter: 'ZIP', color: '#6b5b3e' },
  file: { letter: '', color: '#6b6b6b' },
};

/** A small coloured tile that says what kind of item this is; its label is for screen readers. */
export function FileIcon({ type, size = 32 }: { type: FileType; size?: number }) {
  const { letter, color } = GLYPH[type];
  const label = fileTypeLabel(type);
  if (type === 'folder') {
    return (
      <svg class="file-icon" width={size} height={size} viewBox="0 0 32 32" role="img" aria-label={label}>
        <path d="M3 8a2 2 0 0 1 2-2h7l3 3h12a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" fill={color} />
      </svg>
    );
  }
  return (
    <svg class="file-icon" width={size} height={size} viewBox="0 0 32 32" role="img" aria-label={label}>
      <path d="M7 3h13l6 6v20H7z" fill={color} />
      <path d="M20 3v6h6" fill="rgba(255,255,255,.35)" />
      {letter && (
        <text
          x="16.5"
          y="24"
          text-anchor="middle"
          font-family="Segoe UI, system-ui, sans-serif"
          font-weight="700"
          font-size={letter.length > 1 ? 7 : 11}
          fill="#fff"
        >
          {letter}
        </text>
      )}
    </svg>
  );
}
