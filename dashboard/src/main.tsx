import { createRoot } from "preact/compat/client";
import "uplot/dist/uPlot.min.css";
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/layout.css";
import "./styles/widgets.css";
import { App } from "./app.tsx";

createRoot(document.getElementById("root")!).render(<App />);
