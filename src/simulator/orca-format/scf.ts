import { centeredBox, sci, titled } from './text-layout';

function setting(label: string, key: string, value: string): string {
  return ` ${label.padEnd(23)}${key.padEnd(16)}.... ${value}`;
}

export function scfSettings(options: {
  baseName: string;
  unrestricted: boolean;
  charge: number;
  multiplicity: number;
  electrons: number;
}): string[] {
  return [
    'General Settings:',
    setting('Integral files', 'IntName', options.baseName),
    setting('Hartree-Fock type', 'HFTyp', options.unrestricted ? 'UHF' : 'RHF'),
    setting('Total Charge', 'Charge', String(options.charge).padStart(4)),
    setting('Multiplicity', 'Mult', String(options.multiplicity).padStart(4)),
    setting('Number of Electrons', 'NEL', String(options.electrons).padStart(4)),
    '',
  ];
}

export interface ScfIteration {
  energy: number;
  deltaE: number;
  rmsDensityChange: number;
  maxDensityChange: number;
  diisError: number;
  damping: number;
}

export function scfTableHeader(): string[] {
  return [
    '',
    '----------------------------------------D-I-I-S--------------------------------------------',
    'Iteration    Energy (Eh)           Delta-E    RMSDP     MaxDP     DIISErr   Damp  Time(sec)',
    '-------------------------------------------------------------------------------------------',
  ];
}

export function scfTableRow(iteration: number, row: ScfIteration): string {
  return (
    `${String(iteration).padStart(5)}${row.energy.toFixed(16).padStart(26)}` +
    `${sci(row.deltaE).padStart(13)}${sci(row.rmsDensityChange).padStart(10)}` +
    `${sci(row.maxDensityChange).padStart(10)}${sci(row.diisError).padStart(10)}` +
    `${row.damping.toFixed(3).padStart(7)}${'0.1'.padStart(6)}`
  );
}

export function scfConvergedBox(cycles: number): string[] {
  return centeredBox(['SUCCESS', `SCF CONVERGED AFTER ${String(cycles).padStart(3)} CYCLES`]);
}

export function scfNotConvergedBox(cycles: number): string[] {
  return centeredBox(['ERROR', `SCF NOT CONVERGED AFTER ${String(cycles).padStart(3)} CYCLES`]);
}

const EV_PER_HARTREE = 27.211386245988;

export interface PrintedScfComponents {
  nuclearRepulsionEh: number;
  oneElectronEh: number;
  twoElectronEh: number;
  exchangeCorrelationEh: number;
}

function energyLine(label: string, value: number): string {
  return `${label.padEnd(19)}:${value.toFixed(14).padStart(27)} Eh${(value * EV_PER_HARTREE).toFixed(5).padStart(24)} eV`;
}

export function totalScfEnergy(energy: number, components?: PrintedScfComponents): string[] {
  const parts = components
    ? [
        'Components:',
        energyLine('Nuclear Repulsion', components.nuclearRepulsionEh),
        energyLine('Electronic Energy', energy - components.nuclearRepulsionEh),
        energyLine('One Electron Energy', components.oneElectronEh),
        energyLine('Two Electron Energy', components.twoElectronEh),
        '',
        'DFT components:',
        `E(XC)              :${components.exchangeCorrelationEh.toFixed(12).padStart(22)} Eh       `,
        '',
      ]
    : [];
  return [...titled('TOTAL SCF ENERGY'), '', energyLine('Total Energy', energy), '', ...parts];
}

export function finalSinglePointEnergy(energy: number, note?: string): string[] {
  const suffix = note ? `   (${note})` : '';
  return [
    '',
    '-------------------------   --------------------',
    `FINAL SINGLE POINT ENERGY${energy.toFixed(12).padStart(23)}${suffix}`,
    '-------------------------   --------------------',
    '',
  ];
}

export function unconvergedSinglePointWarning(): string[] {
  return [
    '',
    '     --------------------------------------------------------------------',
    '                                      WARNING',
    '     The wavefunction IS NOT YET CONVERGED! This is a single point, so the',
    '     run carries on, but the energy below is not a converged result.',
    '     --------------------------------------------------------------------',
    '',
  ];
}

export function unconvergedAbortBox(): string[] {
  return [
    '',
    '     ------------------------------------------------------------------------------',
    '                                      ERROR',
    '     This SCF-wavefunction IS NOT FULLY CONVERGED!',
    '     No gradient or geometry step is taken from an unconverged wavefunction.',
    '     Aborting the run ...',
    '     Restart with SlowConv/VerySlowConv or a larger %scf MaxIter.',
    '     ------------------------------------------------------------------------------',
    '',
  ];
}
