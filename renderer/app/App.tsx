export function App() {
  return <main>Gatehouse</main>;
}
