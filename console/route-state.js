// Which screen is current: a screen still loading when the reader has moved on must not draw.

let current = 0;

export function nextScreen() {
  current += 1;
  return current;
}

export function screen() {
  return current;
}
