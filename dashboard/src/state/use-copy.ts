/** "Copy" buttons: puts text on the clipboard and says "Copied" for two seconds. */
import { useCallback, useEffect, useState } from "preact/compat";

export function useCopy(): [copied: boolean, copy: (text: string) => Promise<void>] {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = useCallback(async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure origin): the text on screen is selectable.
    }
  }, []);
  return [copied, copy];
}
