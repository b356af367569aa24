// Saves text as a file without a server: a temporary object URL behind a temporary link.

export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers start the download after click() returns; revoking on the next task is
    // late enough for them and still frees the blob promptly.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
