/** The one IPC channel between the window and the core (DESIGN rule 1: one thin transport). */
export const API_CHANNEL = 'daicho:api';
