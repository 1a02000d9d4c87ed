/** The system colour scheme, live: charts redraw with the other palette when it flips. */
import { useEffect, useState } from "preact/compat";

const query = "(prefers-color-scheme: dark)";

export function useColorScheme(): "light" | "dark" {
  const [dark, setDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const media = window.matchMedia(query);
    const onChange = () => setDark(media.matches);
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, []);
  return dark ? "dark" : "light";
}
