export function App() {
  return <main>Kaneo Key Manager</main>;
}
