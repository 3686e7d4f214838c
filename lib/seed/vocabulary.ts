// Words the synthetic data set is made of: Spanish names with their accents, border geography.
export const FIRST_NAMES = ['José', 'María', 'Jesús', 'Ramón', 'Martín', 'Sofía', 'Andrés', 'Joaquín', 'Héctor', 'Raúl', 'Verónica', 'Inés', 'Ángel', 'Julián', 'Lucía', 'Óscar', 'Rubén', 'Adrián', 'Mónica', 'Rocío', 'Nicolás', 'Tomás', 'Sebastián', 'Iván', 'Begoña', 'Efraín', 'Germán', 'Hernán', 'Ismael', 'Aurelio', 'Ernesto', 'Fidel', 'Guadalupe', 'Leticia', 'Marisol', 'Rogelio', 'Salvador', 'Teresa', 'Valentín', 'Zoé'];
export const SURNAMES = ['García', 'Hernández', 'López', 'Martínez', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Cruz', 'Gómez', 'Núñez', 'Ibáñez', 'Guzmán', 'Treviño', 'Cárdenas', 'Quintero', 'Beltrán', 'Fuentes', 'Carrillo', 'Ochoa', 'Arellano', 'Félix', 'Salazar', 'Valdés', 'Peña', 'Muñoz', 'Durán', 'Echeverría', 'Gutiérrez', 'Jiménez', 'Márquez', 'Ordóñez', 'Ríos', 'Suárez', 'Vázquez', 'Zúñiga', 'Alarcón', 'Benítez', 'Castañeda'];
export const NICKNAMES = ['El Güero', 'La Güera', 'El Flaco', 'El Gordo', 'El Tigre', 'El Chino', 'El Compa', 'La Jefa', 'El Señor', 'El Mudo', 'El Pelón', 'La Reina', 'El Cuervo', 'El Halcón', 'El Tío', 'El Doctor', 'El Ingeniero', 'La Sombra', 'El Chapulín', 'El Zurdo', 'El Piñón', 'El Niño', 'El Toro', 'La Muñeca', 'El Brujo', 'El Coyote', 'El Gallo', 'El Lobo', 'El Pato', 'El Oso'];
export const ORGANIZATION_NAMES = ['Cártel de la Sierra Azul', 'Los Halcones del Desierto', 'Organización Peña-Ibáñez', 'Los Coyotes del Río Bravo', 'Red Transfronteriza del Golfo', 'Cártel de San Lázaro', 'Los Güeros de Sonora', 'La Línea Roja', 'Los Zorros de Chihuahua', 'Facción Núñez', 'Hermandad del Pacífico', 'Los Caballeros del Norte'];
export const ORGANIZATION_ALIASES = ['CSA', 'Los Halcones', 'La Empresa', 'Los Coyotes', 'El Golfo', 'La Compañía', 'Los Güeros', 'La Roja', 'Los Zorros', 'Gente Nueva', 'La Hermandad', 'Los Caballeros'];
export const NATIONALITIES = ['MEX', 'MEX', 'MEX', 'MEX', 'USA', 'USA', 'GTM', 'HND', 'SLV', 'COL'];
export const REGIONS = ['Sonora', 'Chihuahua', 'Tamaulipas', 'Baja California', 'Coahuila', 'Nuevo León', 'Sinaloa', 'Arizona', 'Texas', 'California', 'New Mexico', 'Guatemala'];

/** U.S. Border Patrol southwest sectors with a few stations each and a rough centre. */
export const SECTORS: { name: string; stations: string[]; latitude: number; longitude: number }[] = [
  { name: 'San Diego', stations: ['Imperial Beach', 'Chula Vista', 'Campo'], latitude: 32.58, longitude: -117.0 },
  { name: 'El Centro', stations: ['Calexico', 'El Centro'], latitude: 32.72, longitude: -115.56 },
  { name: 'Yuma', stations: ['Yuma', 'Wellton'], latitude: 32.69, longitude: -114.62 },
  { name: 'Tucson', stations: ['Nogales', 'Douglas', 'Ajo', 'Casa Grande'], latitude: 31.34, longitude: -110.94 },
  { name: 'El Paso', stations: ['El Paso', 'Santa Teresa', 'Lordsburg'], latitude: 31.76, longitude: -106.48 },
  { name: 'Big Bend', stations: ['Presidio', 'Alpine'], latitude: 29.56, longitude: -104.37 },
  { name: 'Del Rio', stations: ['Del Rio', 'Eagle Pass', 'Uvalde'], latitude: 29.36, longitude: -100.9 },
  { name: 'Laredo', stations: ['Laredo North', 'Laredo South', 'Zapata'], latitude: 27.53, longitude: -99.48 },
  { name: 'Rio Grande Valley', stations: ['McAllen', 'Weslaco', 'Brownsville', 'Rio Grande City'], latitude: 26.2, longitude: -98.23 },
];

export const PORTS_OF_ENTRY = ['San Ysidro', 'Otay Mesa', 'Calexico West', 'San Luis', 'Nogales DeConcini', 'Douglas', 'Paso del Norte', 'Ysleta', 'Presidio', 'Eagle Pass', 'Laredo Gateway', 'Hidalgo', 'Brownsville Gateway'];
