import '@backstage/cli/asset-types';
// Backstage UI's base styles (fonts, colours) as in a freshly created app; without them the body
// falls back to the browser's serif font.
import '@backstage/ui/css/styles.css';
import ReactDOM from 'react-dom/client';
import App from './App';

ReactDOM.createRoot(document.getElementById('root')!).render(<App />);
